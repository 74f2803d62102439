"""The real page in headless Chromium (Debian's chromium, driven by Playwright): what a
person sees. `.ci/run` installs chromium when it is missing.

Set QA_SCREENSHOT_DIR=docs to refresh the README's screenshots: the chat's, the viewer's,
the date filters' and the upload panel's.
"""

import os
from pathlib import Path

import pytest

from .conftest import SEED

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is missing: apt-get install chromium"
)


def open_page(p, url: str, root: Path):
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.dialogs = []  # any alert() here means article text ran as script
    page.shot_dir = root
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=60_000)
    return browser, page


@pytest.fixture(scope="module")
def playwright():
    """One Playwright for the module: a second one cannot start beside it."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def page(playwright, server, tmp_path_factory):
    browser, page = open_page(playwright, server, tmp_path_factory.mktemp("browser"))
    yield page
    browser.close()


def ask(page, question: str, wait_for: str):
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.get_by_text(wait_for).last.wait_for(timeout=60_000)


def screenshot(page, name: str, full_page: bool = True) -> None:
    """Into QA_SCREENSHOT_DIR (docs/ for the README) when set, else the test's folder."""
    folder = os.environ.get("QA_SCREENSHOT_DIR")
    page.screenshot(path=str(Path(folder or page.shot_dir) / name), full_page=full_page)


def chars_before(page, selector: str) -> int:
    """How many characters of the article's text come before the element: its offset."""
    return page.evaluate(
        """(selector) => {
            const range = document.createRange();
            range.setStart(document.querySelector('#viewer .qa-text'), 0);
            range.setEndBefore(document.querySelector(selector));
            return range.toString().length;
        }""",
        selector,
    )


def test_answer_shows_citation_and_bold_sentence(page):
    ask(page, "How many soldiers did North Korea send to Russia?", "paragraph 5")
    assert page.get_by_text("000_3ae34f4a203fbd2d.txt · paragraph 1").count() >= 1
    bold = page.locator("strong", has_text="North Korea is said to have sent 10,000 soldiers")
    assert bold.count() >= 1
    # the chat scrolls to the end of the answer: show its beginning, the first citation
    first = page.get_by_text("000_3ae34f4a203fbd2d.txt · paragraph 1").last
    first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "screenshot.png", full_page=False)


def test_follow_up(page):
    ask(page, "How many of them were killed?", "Read as a follow-up")
    # an answering sentence about the dead, in bold: words the question does not hold
    assert page.locator("strong", has_text="killed or injured").count() >= 1


def test_off_topic_says_not_covered(page):
    ask(page, "How do I bake bread?", "The articles do not cover this question")


def test_near_topic_shows_a_marked_weak_match(page):
    ask(page, "How many tanks has China sent to Russia?", "weak match, not an answer")
    # its source opens too, named for what it is, with no answering sentence marked
    page.locator("#sources label", has_text="Closest passage (not an answer)").click()
    page.locator("#viewer mark.passage").wait_for(timeout=30_000)
    assert page.locator("#viewer mark.answer").count() == 0


def test_article_markup_is_shown_as_text_and_never_runs(page):
    ask(page, "How many boats does the submarine fleet have?", "twelve boats")
    assert page.get_by_text("<img src=x onerror=alert(1)>").count() >= 1
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_a_citation_opens_the_article_with_the_sentence_marked_in_place(page):
    ask(page, "How many soldiers did North Korea send to Russia?", "paragraph 5")
    page.locator("#sources label", has_text="1. 000_3ae34f4a203fbd2d.txt, paragraph 1").click()
    answer = page.locator("#viewer mark.answer")
    answer.wait_for(timeout=30_000)
    article = SEED.read_text(encoding="utf-8")
    sentence = "North Korea is said to have sent 10,000 soldiers to Russia for support."
    assert answer.inner_text() == sentence
    # the whole article is there, and the marks sit at the hit's own offsets in it
    assert page.locator("#viewer .qa-text").text_content() == article
    assert chars_before(page, "#viewer mark.answer") == article.index(sentence)
    passage = page.locator("#viewer mark.passage").text_content()
    assert chars_before(page, "#viewer mark.passage") == 0 and article.startswith(passage)
    assert len(passage) == 197  # "characters 0–197", as the citation says
    citation = page.locator("#citation textarea").input_value()
    assert citation == "000_3ae34f4a203fbd2d.txt, paragraph 1, characters 0–197"
    assert page.locator("#citation button[aria-label*='opy' i]").count() >= 1  # copy button
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "viewer.png")


def test_an_html_article_opens_as_its_extracted_text(page):
    ask(page, "How many tonnes of apples were picked?", "Valley Post")
    page.locator("#sources label", has_text="Orchard growers report a record apple harvest").click()
    # the viewer showed another article before: wait for this one's sentence
    page.locator("#viewer mark.answer", has_text="40 tonnes").wait_for(timeout=30_000)
    text = page.locator("#viewer .qa-text").text_content()
    assert "Subscribe" not in text and "Cookie" not in text  # the page's boilerplate
    link = page.locator("#viewer h3 a")
    assert link.get_attribute("href") == "https://valley-post.example/2024/09/harvest"
    citation = page.locator("#citation textarea").input_value()
    assert "2024-09-16 · Jonas Berg · Valley Post, paragraph 1" in citation
    assert citation.endswith(", https://valley-post.example/2024/09/harvest")


def test_the_article_list_is_newest_first_and_opens_an_article(page):
    labels = page.locator("#articles label").all_inner_texts()
    assert labels[:2] == [
        "Harbour ferry returns after repairs · 2024-10-02 · 2 passages",
        "Orchard growers report a record apple harvest · 2024-09-16 · 2 passages",
    ]
    assert "000_3ae34f4a203fbd2d.txt · 7 passages" in labels  # no title: its file name
    page.locator("#articles label", has_text="Harbour ferry").click()
    page.locator("#viewer h3", has_text="Harbour ferry returns after repairs").wait_for()
    assert "1,500 passengers" in page.locator("#viewer .qa-text").text_content()
    assert page.locator("#viewer mark").count() == 0  # an article, not a citation


def test_the_date_filter_leaves_out_articles_outside_the_range(page):
    page.get_by_role("button", name="Only articles published between").click()  # closed
    since = page.locator("#since textarea, #since input").first
    since.fill("2024-10-01")
    ask(page, "How many tonnes of apples were picked?", "since 2024-10-01 were searched")
    last = page.locator(".message.bot, [data-testid='bot']").last
    assert "40 tonnes" not in last.inner_text()
    assert page.locator("#sources label").count() == 0  # nothing cited
    screenshot(page, "filters.png")
    since.fill("")
    box = page.locator("#question textarea")
    box.fill("How many tonnes of apples were picked?")
    box.press("Enter")  # without bounds the orchard article answers again, and is cited
    page.locator("#sources label", has_text="Orchard growers").wait_for(timeout=60_000)


def test_hostile_articles_in_the_viewer_stay_text(page):
    for name in ("hostile.md", "templates.md"):
        page.locator("#articles label", has_text=name).click()
        page.locator("#viewer h3", has_text=name).wait_for()
    shown = page.locator("#viewer .qa-text").text_content()
    assert "${alert(2)}" in shown and "{{constructor.constructor('alert(4)')()}}" in shown
    page.locator("#articles label", has_text="hostile.md").click()
    page.locator("#viewer .qa-text", has_text="<img src=x onerror=alert(1)>").wait_for()
    assert page.locator("#viewer img, #viewer script").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


@pytest.fixture(scope="module")
def upload_page(playwright, uploading, tmp_path_factory):
    """The page of the app started with --allow-upload."""
    browser, page = open_page(playwright, uploading.url, tmp_path_factory.mktemp("upload"))
    yield page
    browser.close()


def test_upload_adds_an_article_and_delete_removes_it(upload_page, uploading, tmp_path):
    page = upload_page
    status = page.locator("#build-status")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café au lait".encode("latin-1"))
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    status.get_by_text("latin1.txt is not UTF-8 text").wait_for(timeout=30_000)
    assert not (uploading.seeds / "latin1.txt").exists()

    new = tmp_path / "lighthouse keeper.md"
    new.write_text(
        "---\ntitle: Lighthouse keeper retires\ndate: 2024-11-05\n---\n"
        "The lighthouse has ninety steps, the keeper said.\n"
    )
    page.locator("#upload input[type=file]").set_input_files(str(new))
    status.get_by_text("Index rebuilt: 3 articles").wait_for(timeout=120_000)
    assert (uploading.seeds / "lighthouse-keeper.md").is_file()
    first = page.locator("#articles label").first
    assert first.inner_text() == "Lighthouse keeper retires · 2024-11-05 · 1 passage"
    screenshot(page, "upload.png")
    ask(page, "How many steps does the lighthouse have?", "ninety steps")

    page.locator("#delete input").click()
    page.get_by_role("option", name="Lighthouse keeper retires · 2024-11-05 · 1 passage").click()
    page.get_by_role("button", name="Delete the chosen article").click()
    status.get_by_text("Index rebuilt: 2 articles").wait_for(timeout=120_000)
    assert not (uploading.seeds / "lighthouse-keeper.md").exists()
    assert "Lighthouse keeper" not in " ".join(page.locator("#articles label").all_inner_texts())
