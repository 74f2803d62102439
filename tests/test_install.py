"""`pip install .` (pyproject.toml): a fresh virtual environment gets `import qa` and
the `qa` command, with the ONNX export and the page's assets as package data. Offline:
the dependencies are this environment's (a .pth file points at them) and the project is
installed over them with --no-deps."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import qa
from qa.core.config import ROOT

from .conftest import SEED

QUESTION = "How many soldiers did North Korea send to Russia?"


def run(args, cwd, timeout=600):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["HF_HUB_OFFLINE"] = "1"
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_pip_install_gives_the_qa_command_and_the_library(tmp_path):
    # a copy of the checkout (what git tracks or would): a build writes build/ and
    # *.egg-info into the folder it builds
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    source = tmp_path / "source"
    for name in filter(None, listed):
        if name.startswith(("index/", "seeds/")) or not (ROOT / name).is_file():
            continue
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, source / name)
    venv = tmp_path / "venv"
    # without its own pip and setuptools: this environment's (via deps.pth) build it
    assert run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path).returncode == 0
    python, qa_command = venv / "bin" / "python", venv / "bin" / "qa"
    site = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
    )
    (Path(site.stdout.strip()) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(source),
        ],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "work"  # a user's folder: seeds/ and index/ are made here
    (work / "seeds").mkdir(parents=True)
    shutil.copy(SEED, work / "seeds")
    version = run([qa_command, "--version"], work)
    assert version.returncode == 0 and version.stdout.split()[-1] == qa.__version__
    # the version pip installed (the wheel's, from pyproject.toml), not the module's file
    # again: a version written into pyproject.toml alone would differ from `qa --version`
    dist = run(
        [python, "-c", "import importlib.metadata as m; print(m.version('ask-the-article'))"],
        work,
    )
    records = list(Path(site.stdout.strip()).glob("ask_the_article-*.dist-info"))
    assert len(records) == 1, records
    installed_version = records[0].name[len("ask_the_article-") : -len(".dist-info")]
    assert dist.stdout.strip() == installed_version == version.stdout.split()[-1], (
        dist.stdout,
        dist.stderr,
        records,
        version.stdout,
    )
    where = run(
        [
            python,
            "-c",
            "import qa, qa_web, qa.core.config as c; print(qa.__file__); print(c.ROOT); "
            "print(c.DEFAULT_EXPORT_DIR.joinpath('model.onnx').is_file()); "
            "from pathlib import Path; print(Path(qa_web.__file__).with_name('assets').joinpath('page.js').is_file())",
        ],
        work,
    )
    module, root, export, assets = where.stdout.split()
    assert Path(module).is_relative_to(venv) and Path(root) == work, where.stdout
    assert export == "True" and assets == "True"  # package data came along
    assert run([qa_command, "build"], work).returncode == 0
    assert (work / "index" / "manifest.json").is_file()
    asked = run([qa_command, "ask", QUESTION], work)
    assert asked.returncode == 0, asked.stderr
    assert "10,000" in asked.stdout and "000_3ae34f4a203fbd2d.txt" in asked.stdout
    helped = run([qa_command, "serve", "--help"], work)
    assert helped.returncode == 0 and "usage: qa serve" in helped.stdout
