"""Articles added and deleted while the app runs (qa/manage.py): what is refused before it
reaches the seeds folder, safe names, and the background rebuild, with the real model."""

import shutil

import pytest

import qa
from qa.core.config import Config
from qa.manage import Rebuilder, check_article, safe_name

from .conftest import SEED


def test_safe_names_stay_in_the_folder_and_visible():
    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("C:\\Users\\x\\report.HTML") == "report.html"
    assert safe_name(".hidden.md") == "hidden.md"  # the build skips dot files
    assert safe_name("a b?*<>.txt") == "a-b.txt"
    assert safe_name("....md") == "article.md"


@pytest.mark.parametrize(
    "name, data, why",
    [
        ("notes.pdf", b"%PDF-1.4 text", "only .txt, .md, .html, .htm"),
        ("big.md", b"x" * 2048, "over the"),
        ("latin1.txt", "café au lait".encode("latin-1"), "not UTF-8"),
        ("blank.md", b" \n\n \n", "no article text"),
        ("images.html", b"<html><script>var a;</script><img src=a.png></html>", "no article text"),
    ],
)
def test_what_is_refused_before_it_is_saved(tmp_path, name, data, why):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(qa.SeedsError, match=why):
        check_article(path, name, max_bytes=1024)


def test_added_and_deleted_articles_are_rebuilt_in_the_background(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds)
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "index")
    index = qa.Index.build(seeds, config.index_dir, config)
    rebuilder = Rebuilder(config)
    upload = tmp_path / "upload"
    upload.mkdir()
    first, second = upload / "keeper notes.md", upload / "bells.md"
    first.write_text(
        "---\ntitle: Keeper retires\ndate: 2024-11-05\n---\nThe lighthouse has ninety steps.\n"
    )
    second.write_text("The bell tower has twelve bells.\n")

    name = rebuilder.add(first, first.name)
    assert name == "keeper-notes.md" and (seeds / name).is_file()
    assert rebuilder.status().running and "Rebuilding the index" in rebuilder.status().message
    # a second change while the first build may still run: one more build picks it up
    assert rebuilder.add(second, second.name) == "bells.md"
    assert rebuilder.add(second, "again.md") == "bells.md"  # same content: not saved twice
    rebuilder.wait(120)
    status = rebuilder.status()
    assert not status.running and status.generation >= 1
    assert status.message.startswith("Index rebuilt: 3 articles")
    titles = {a.source: a.title for a in index.articles()}  # the open index reloaded
    assert titles["keeper-notes.md"] == "Keeper retires"
    assert titles["bells.md"] == "The bell tower has twelve bells"  # from its first sentence
    assert "ninety" in index.answer("How many steps does the lighthouse have?").hits[0].text

    rebuilder.remove(name)
    with pytest.raises(qa.SeedsError):  # nothing outside the seeds folder
        rebuilder.remove("../index/manifest.json")
    rebuilder.wait(120)
    assert rebuilder.status().message.startswith("Index rebuilt: 2 articles")
    assert "Keeper retires" not in [a.title for a in index.articles()]


def test_a_failed_rebuild_is_one_line_in_the_status(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "not-a-folder").write_text("x")  # the index cannot be written under a file
    config = Config(seeds_dir=seeds, index_dir=tmp_path / "not-a-folder" / "index")
    rebuilder = Rebuilder(config)
    upload = tmp_path / "a.md"
    upload.write_text("The lighthouse has ninety steps.\n")
    rebuilder.add(upload, upload.name)
    rebuilder.wait(120)
    status = rebuilder.status()
    assert not status.running and status.generation == 1
    assert status.message.startswith("the index was not rebuilt: ")
    assert "\n" not in status.message and "Traceback" not in status.message


@pytest.mark.parametrize(
    "name, body",
    [("nul.txt", "hello\x00 world\n"), ("heading.md", "# Just a heading\n"), ("stars.md", "***\n")],
)
def test_uploads_the_build_would_skip_are_refused(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(qa.SeedsError):
        check_article(path, name, 10**6)


def test_a_duplicate_is_only_an_article_the_build_reads(tmp_path):
    from qa.building.adding import add_source

    seeds = tmp_path / "seeds"
    (seeds / ".drafts").mkdir(parents=True)
    (seeds / ".drafts" / "a.md").write_text("Same text.\n")
    (tmp_path / "a.md").write_text("Same text.\n")
    saved = add_source(str(tmp_path / "a.md"), seeds, 10**6)
    assert saved == seeds / "a.md" and saved.read_text() == "Same text.\n"
    assert add_source(str(tmp_path / "a.md"), seeds, 10**6) == saved  # now it is there
    assert not [p for p in seeds.iterdir() if p.name.startswith(".adding")]
