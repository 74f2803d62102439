"""Take the README's screenshot: start the app, ask in headless Chromium, save a PNG.

    python docs/screenshot.py [out.png]     (needs Debian's chromium and `pip install playwright`)
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(out: str = str(ROOT / "docs" / "screenshot.png")) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            for _ in range(240):
                try:
                    page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                    break
                except Exception:
                    time.sleep(0.5)
            box = page.get_by_role("textbox").first
            box.fill("How many soldiers did North Korea send to Russia?")
            box.press("Enter")
            page.get_by_text("paragraph 1").first.wait_for(timeout=60_000)
            page.wait_for_timeout(500)
            page.screenshot(path=out, full_page=False)
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
    print(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
