"""The real page in headless Chromium (Debian's chromium, driven by Playwright): what a
person sees. `.ci/run` installs chromium when it is missing.

Set QA_SCREENSHOT_DIR=docs to refresh the screenshots in docs/: the chat's on a desktop
and on a phone, the viewer's, the date filters', the upload panel's and the delete
confirmation's.
"""

import os
from pathlib import Path

import pytest

from ..conftest import SEED

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


def open_page(p, url: str, root: Path, width: int = 1280, height: int = 800):
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
    page = browser.new_page(viewport={"width": width, "height": height})
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


@pytest.fixture(scope="module")
def phone(playwright, server, tmp_path_factory):
    """The page on a phone: 390 × 844."""
    browser, page = open_page(playwright, server, tmp_path_factory.mktemp("phone"), 390, 844)
    yield page
    browser.close()


REPLIES = "#chat .message-row.bot-row"
QUESTIONS = "#chat .message-row.user-row"


def ask(page, question: str, wait_for: str = ""):
    """Type a question, press Enter, wait for its reply (and for `wait_for` in it)."""
    before = page.locator(REPLIES).count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        """([selector, n]) => {
            const rows = document.querySelectorAll(selector);
            return rows.length > n && !rows[rows.length - 1].innerText.includes("Looking in the articles");
        }""",
        arg=[REPLIES, before],
        timeout=60_000,
    )
    last = page.locator(REPLIES).last
    if wait_for:
        last.get_by_text(wait_for).first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)  # the scroll to the question runs after the reply lands
    return last


def in_view(page, locator) -> bool:
    """Whether the element can be seen without scrolling: inside the window and inside
    the chat's own scrolling box."""
    return page.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            if (r.top < 0 || r.bottom > window.innerHeight) return false;
            let box = el.parentElement;
            while (box && box !== document.body) {
                const style = getComputedStyle(box);
                if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) {
                    const b = box.getBoundingClientRect();
                    if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return false;
                }
                box = box.parentElement;
            }
            return true;
        }""",
        locator.element_handle(),
    )


def box_of(page, selector: str) -> dict:
    """The element's box in the window (getBoundingClientRect), and the window's size."""
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    height: window.innerHeight, width: window.innerWidth};
        }""",
        selector,
    )


def wait_until_in_window(page, selector: str, upper: float = 1.0, timeout: int = 10_000):
    """Waits until the element lies inside the window, its top in the window's first
    `upper` part; on a timeout, says where it was."""
    try:
        page.wait_for_function(
            """([selector, upper]) => {
                const el = document.querySelector(selector);
                if (!el) return false;
                const r = el.getBoundingClientRect();
                return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 1
                    && r.top <= upper * window.innerHeight;
            }""",
            arg=[selector, upper],
            timeout=timeout,
        )
    except Exception as e:
        raise AssertionError(f"{selector} is not in view: {box_of(page, selector)}") from e


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


# The seed article's first sentence: its title where it has no other (title_from)
FIRST_SENTENCE = "North Korea is said to have sent 10,000 soldiers to Russia for support"


@pytest.fixture(scope="module")
def seed_title(running) -> str:
    """The seed article's title in the app under test, as its index has it: its first
    sentence, unless the fixture gave it a sidecar with a title."""
    import qa

    index = qa.Index.open(running.log.parent / "index", seeds_dir=running.log.parent / "seeds")
    return index.article(SEED.name).title


def test_the_first_screen_shows_the_examples_and_no_empty_boxes(playwright, server, tmp_path):
    """At 1280 × 800, before any question: the example questions are seen whole (they
    were cut off at the bottom), and no empty Citation or Sources box shows."""
    browser, page = open_page(playwright, server, tmp_path)
    try:
        page.locator("#examples button").first.wait_for()
        boxes = [b.bounding_box() for b in page.locator("#examples button").all()]
        assert len(boxes) == 4 and all(b["y"] + b["height"] <= 800 for b in boxes), boxes
        hint = page.locator("#no-sources")
        assert hint.is_visible() and "sources of each answer" in hint.inner_text()
        shown = [box for box in ("#citation", "#sources") if page.locator(box).is_visible()]
        assert shown == [], "empty boxes shown before any question"
        # after an answer both come: the sources listed, the citation once one is opened
        ask(page, "How many soldiers did North Korea send to Russia?")
        page.locator("#sources label").first.wait_for(timeout=30_000)
        assert not hint.is_visible() and not page.locator("#citation").is_visible()
        page.locator("#sources label").first.click()
        page.locator("#citation textarea").wait_for(timeout=30_000)
    finally:
        browser.close()


def text_under(page, button: str) -> list[str]:
    """The chat's text lines that the button covers: each line's box (a Range's client
    rects), as far as the chat's scrolling box shows it, that meets the button's box."""
    return page.evaluate(
        """(button) => {
            const b = document.querySelector(button).getBoundingClientRect();
            const list = document.querySelector("#chat [role=log]").getBoundingClientRect();
            const hits = [];
            const walk = document.createTreeWalker(
                document.querySelector("#chat [role=log]"), NodeFilter.SHOW_TEXT);
            for (let node = walk.nextNode(); node; node = walk.nextNode()) {
                if (!node.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) {
                    const top = Math.max(r.top, list.top), bottom = Math.min(r.bottom, list.bottom);
                    if (bottom <= top || r.width === 0) continue;  // scrolled out of the list
                    if (r.left < b.right && r.right > b.left && top < b.bottom && bottom > b.top)
                        hits.push(node.textContent.trim().slice(0, 60));
                }
            }
            return hits;
        }""",
        button,
    )


@pytest.mark.parametrize("view", ["page", "phone"])
def test_the_scroll_down_button_covers_no_text(view, request):
    """The chat's ↓ button floated over the replies and hid a card's text."""
    page = request.getfixturevalue(view)
    ask(page, "How many soldiers did North Korea send to Russia?")
    button = "#chat button[aria-label='Scroll down']"
    for part in (0.3, 0.6):  # the reader scrolls the chat to the middle of the cards
        page.evaluate(
            """(part) => {
                const list = document.querySelector("#chat [role=log]");
                list.scrollTop = part * (list.scrollHeight - list.clientHeight);
                list.dispatchEvent(new Event("scroll"));
            }""",
            part,
        )
        page.locator(button).wait_for(timeout=10_000)
        assert text_under(page, button) == [], (view, part, box_of(page, button))


@pytest.mark.parametrize("view", ["page", "phone"])
def test_each_reply_leads_with_the_answer_in_view(view, request):
    """After every reply the newest question and the answering sentence of the first hit
    can be read without scrolling, on a desktop and on a phone (issue 18: the chat used
    to scroll to the end of the reply, past them)."""
    page = request.getfixturevalue(view)
    for question, sentence in (
        ("How many soldiers did North Korea send to Russia?", "North Korea is said to have sent"),
        ("How many of them were killed?", "killed or injured"),
        ("When did the defense pact come into force?", "came into force"),
    ):
        reply = ask(page, question)
        lead = reply.locator(".qa-lead")
        assert sentence in lead.inner_text()
        assert in_view(page, lead), (view, question)
        assert in_view(page, page.locator(QUESTIONS).last.get_by_text(question)), (view, question)
        if question.startswith("How many of them"):
            assert "Read as a follow-up" in reply.inner_text()
        if question.startswith("How many soldiers"):  # the first question: the README's
            shot = "screenshot.png" if view == "page" else "phone.png"
            screenshot(page, shot, full_page=False)


def test_citations_read_as_titles_not_files(page, seed_title):
    """The source is named by the article's title (the seed article has none: its first
    sentence); the file name, paragraph and score are only under "Details"."""
    reply = ask(page, "How many soldiers did North Korea send to Russia?")
    # the answer is the article's first sentence: when its title is made of it, the
    # title is not read out a second time under it
    assert reply.locator(".qa-lead .qa-short").inner_text() == "10,000"  # the exact answer
    assert reply.locator(".qa-lead").inner_text().startswith(f"10,000 — {FIRST_SENTENCE}")
    named = "the article's first sentence" if seed_title == FIRST_SENTENCE else seed_title
    assert reply.locator(".qa-by").inner_text() == f"— {named} · undated"
    heads = reply.locator(".qa-card-head").all_inner_texts()
    assert heads and all(seed_title in h and ".txt" not in h for h in heads)
    labels = page.locator("#sources label").all_inner_texts()
    assert labels and all(".txt" not in label for label in labels)
    assert "000_3ae34f4a203fbd2d.txt" not in reply.inner_text()  # what is shown, folded
    details = reply.locator(".qa-details").first
    details.locator("summary").click()
    assert "000_3ae34f4a203fbd2d.txt · paragraph 1" in details.inner_text()


def test_the_phone_shows_the_chat_first_and_reaches_sources_and_articles(phone):
    box = phone.locator("#chat").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] < 400
    ask(phone, "How many soldiers did North Korea send to Russia?")
    phone.locator(REPLIES).last.get_by_text("Open in the article").first.click()
    phone.locator("#viewer mark.answer").wait_for(timeout=30_000)
    # the marked sentence lands high in the window, not at its bottom edge
    wait_until_in_window(phone, "#viewer mark.answer", upper=0.6)
    phone.get_by_role("tab", name="Articles").click()
    phone.locator("#articles label", has_text="7 passages").wait_for(timeout=30_000)
    assert phone.locator("#articles label").first.is_visible()


def test_follow_up(page):
    reply = ask(page, "How many of them were killed?", "Read as a follow-up")
    # an answering sentence about the dead, marked: words the question does not hold
    assert "killed or injured" in reply.locator(".qa-lead").inner_text()


def test_off_topic_says_not_covered(page):
    ask(page, "How do I bake bread?", "The articles do not cover this question")


def test_near_topic_shows_a_marked_weak_match(page):
    ask(page, "How many tanks has China sent to Russia?", "weak match, not an answer")
    # its source opens too, named for what it is, with no answering sentence marked
    page.get_by_role("tab", name="Sources").click()
    page.locator("#sources label", has_text="Closest passage (not an answer)").click()
    page.locator("#viewer mark.passage").wait_for(timeout=30_000)
    assert page.locator("#viewer mark.answer").count() == 0


def test_a_question_with_html_is_shown_as_text(page):
    typed = "<img src=x onerror=alert(1)> <b>How many</b> soldiers did North Korea send?"
    ask(page, typed)
    bubble = page.locator(QUESTIONS).last
    assert bubble.inner_text().strip() == typed
    assert page.locator("#chat img[src='x'], #chat b").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_an_empty_question_adds_no_bubble(page):
    before = page.locator(QUESTIONS).count()
    box = page.locator("#question textarea")
    box.fill("   ")
    box.press("Enter")
    page.wait_for_timeout(800)
    assert page.locator(QUESTIONS).count() == before


def test_article_markup_is_shown_as_text_and_never_runs(page):
    ask(page, "How many boats does the submarine fleet have?", "twelve boats")
    assert page.get_by_text("<img src=x onerror=alert(1)>").count() >= 1
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_a_citation_opens_the_article_with_the_sentence_marked_in_place(page, seed_title):
    reply = ask(page, "How many soldiers did North Korea send to Russia?")
    page.get_by_role("tab", name="Sources").click()
    reply.get_by_text("Open in the article").first.click()  # the first source
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
    assert len(passage) == 197  # "characters 0–197", as its details say
    wait_until_in_window(page, "#viewer mark.answer")
    # a reader's citation: title · date · site; the file and offsets only under Details
    citation = page.locator("#citation textarea").input_value()
    assert citation == f"{seed_title} · undated"
    viewer = page.locator("#viewer")
    assert viewer.locator(".qa-meta").inner_text() == "undated"
    assert "000_3ae34f4a203fbd2d.txt" not in viewer.inner_text()  # folded away
    viewer.locator("summary", has_text="Details").click()
    assert "000_3ae34f4a203fbd2d.txt · paragraph 1 · characters 0–197" in viewer.inner_text()
    viewer.locator("summary", has_text="Details").click()  # folded again, for the picture
    assert page.locator("#citation button[aria-label*='opy' i]").count() >= 1  # copy button
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "viewer.png")


def test_an_html_article_opens_as_its_extracted_text(page):
    ask(page, "How many tonnes of apples were picked?", "Valley Post")
    page.get_by_role("tab", name="Sources").click()
    page.locator("#sources label", has_text="Orchard growers report a record apple harvest").click()
    # the viewer showed another article before: wait for this one's sentence
    page.locator("#viewer mark.answer", has_text="40 tonnes").wait_for(timeout=30_000)
    text = page.locator("#viewer .qa-text").text_content()
    assert "Subscribe" not in text and "Cookie" not in text  # the page's boilerplate
    link = page.locator("#viewer h3 a")
    assert link.get_attribute("href") == "https://valley-post.example/2024/09/harvest"
    citation = page.locator("#citation textarea").input_value()
    assert citation == (
        "Orchard growers report a record apple harvest · 2024-09-16 · Valley Post, "
        "https://valley-post.example/2024/09/harvest"
    )


def test_the_article_list_is_newest_first_and_opens_an_article(page, seed_title):
    page.get_by_role("tab", name="Articles").click()
    page.locator("#articles label").first.wait_for()
    labels = page.locator("#articles label").all_inner_texts()
    assert labels[:2] == [
        "Harbour ferry returns after repairs · 2024-10-02 · 2 passages",
        "Orchard growers report a record apple harvest · 2024-09-16 · 2 passages",
    ]
    assert f"{seed_title} · undated · 7 passages" in labels
    page.locator("#articles label", has_text="Harbour ferry").click()
    page.locator("#viewer h3", has_text="Harbour ferry returns after repairs").wait_for()
    assert "1,500 passengers" in page.locator("#viewer .qa-text").text_content()
    assert page.locator("#viewer mark").count() == 0  # an article, not a citation


def test_the_date_filter_leaves_out_articles_outside_the_range(page, seed_title):
    page.get_by_role("button", name="Only articles published between").click()  # closed
    since = page.locator("#since textarea, #since input").first
    since.fill("2024-10-01")
    last = ask(page, "How many tonnes of apples were picked?", "since 2024-10-01 were searched")
    assert "40 tonnes" not in last.inner_text()
    # the undated articles were left out: the reply says which and how many
    assert "articles have no date and were left out" in last.inner_text()
    assert seed_title in last.inner_text()
    page.get_by_role("tab", name="Sources").click()
    assert page.locator("#sources label").count() == 0  # nothing cited
    screenshot(page, "filters.png")
    since.fill("")
    box = page.locator("#question textarea")
    box.fill("How many tonnes of apples were picked?")
    box.press("Enter")  # without bounds the orchard article answers again, and is cited
    page.locator("#sources label", has_text="Orchard growers").wait_for(timeout=60_000)


def test_hostile_articles_in_the_viewer_stay_text(page):
    page.get_by_role("tab", name="Articles").click()
    for name, title in (("hostile.md", "Officials in"), ("templates.md", "lighthouse keeper")):
        page.locator("#articles label", has_text=title).click()
        page.locator("#viewer .qa-file", has_text=name).wait_for(state="attached")
    shown = page.locator("#viewer .qa-text").text_content()
    assert "${alert(2)}" in shown and "{{constructor.constructor('alert(4)')()}}" in shown
    page.locator("#articles label", has_text="Officials in").click()
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
    page.get_by_role("tab", name="Articles").click()
    status = page.locator("#build-status")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café au lait".encode("latin-1"))
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    status.get_by_text("latin1.txt is not UTF-8 text").wait_for(timeout=30_000)
    assert not (uploading.seeds / "latin1.txt").exists()
    # the upload box is ready for the next file, not stuck on an error
    page.wait_for_timeout(500)
    assert page.locator("#upload").get_by_text("Error", exact=True).count() == 0
    big = tmp_path / "big.md"
    big.write_text("word " * 300_000)  # 1.5 MB, over the fixture's 1 MB: Gradio says so
    page.locator("#upload input[type=file]").set_input_files(str(big))
    page.get_by_text("exceed the maximum allowed size").first.wait_for(timeout=30_000)
    page.locator("#upload").get_by_text("Error", exact=True).wait_for(
        state="hidden", timeout=10_000
    )
    toast = page.locator("[class*='toast-close']").first  # Gradio's notice, read: closed
    toast.click()
    toast.wait_for(state="hidden", timeout=10_000)

    new = tmp_path / "lighthouse keeper.md"
    new.write_text(
        "---\ntitle: Lighthouse keeper retires\ndate: 2024-11-05\n---\n"
        "The lighthouse has ninety steps, the keeper said.\n"
    )
    page.locator("#upload input[type=file]").set_input_files(str(new))
    status.get_by_text("Index rebuilt: 3 articles").wait_for(timeout=120_000)
    assert (uploading.seeds / "lighthouse-keeper.md").is_file()
    # what was done is still said once the rebuild is
    said = status.inner_text()
    assert said.startswith("Added lighthouse-keeper.md to the seeds folder."), said
    first = page.locator("#articles label").first
    assert first.inner_text() == "Lighthouse keeper retires · 2024-11-05 · 1 passage"
    screenshot(page, "upload.png")
    ask(page, "How many steps does the lighthouse have?", "ninety steps")

    page.locator("#delete input").click()
    page.get_by_role("option", name="Lighthouse keeper retires · 2024-11-05 · 1 passage").click()
    page.get_by_role("button", name="Delete…").click()
    # delete asks first, naming the article; cancel keeps it
    confirm = page.locator("#confirm-delete").first
    confirm.get_by_text("Lighthouse keeper retires").wait_for(timeout=30_000)
    assert "cannot be undone" in confirm.inner_text()
    page.get_by_role("button", name="Cancel").click()
    confirm.wait_for(state="hidden", timeout=30_000)
    assert (uploading.seeds / "lighthouse-keeper.md").is_file()
    # as a reader clicks it: scrolled just into sight at the window's bottom edge (a
    # locator's click would first scroll the button to the window's middle)
    button = page.evaluate(
        """() => {
            const r = document.querySelector('#delete-button').getBoundingClientRect();
            window.scrollBy(0, r.bottom - window.innerHeight + 4);
            return document.querySelector('#delete-button').getBoundingClientRect().toJSON();
        }"""
    )
    assert button["bottom"] <= 800, button
    page.mouse.click(button["x"] + button["width"] / 2, button["y"] + button["height"] / 2)
    confirm.get_by_text("Lighthouse keeper retires").wait_for(timeout=30_000)
    # at 1280 × 800 the question opened under the fold: it is scrolled into view
    wait_until_in_window(page, "#confirm-delete")
    screenshot(page, "delete.png", full_page=False)
    page.get_by_role("button", name="Yes, delete it").click()
    status.get_by_text("Index rebuilt: 2 articles").wait_for(timeout=120_000)
    # the status says what was done, not only that the index was rebuilt
    said = status.inner_text()
    assert said.startswith("Deleted “Lighthouse keeper retires · 2024-11-05” from the seeds"), said
    assert not (uploading.seeds / "lighthouse-keeper.md").exists()
    assert "Lighthouse keeper" not in " ".join(page.locator("#articles label").all_inner_texts())
