"""Reading the seeds folder: which files, exact offsets through BOMs and CRLF, skips."""

from qa.sources import chunk_folder


def test_bom_crlf_and_markdown(tmp_path, encoder):
    (tmp_path / "sub").mkdir()
    text = "# Title\r\n\r\nFirst paragraph here. Second sentence.\r\n\r\n## Part two\r\nMore text."
    (tmp_path / "sub" / "a.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    got, skipped = chunk_folder(tmp_path, encoder.count_tokens)
    assert not skipped
    assert [p.source for p in got] == ["sub/a.md", "sub/a.md"]
    assert [p.section for p in got] == ["Title", "Part two"]
    source_text = text  # offsets count from after the BOM; CRLF kept
    for p in got:
        assert source_text[p.start : p.end] == p.text
    assert got[0].text == "First paragraph here. Second sentence."


def test_bad_files_are_skipped_with_a_message(tmp_path, encoder):
    (tmp_path / "good.txt").write_text("Real text. More of it.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait.".encode("latin-1"))
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    got, skipped = chunk_folder(tmp_path, encoder.count_tokens)
    assert {p.source for p in got} == {"good.txt"}
    assert any("empty.txt" in m and "empty" in m for m in skipped)
    assert any("latin1.txt" in m and "UTF-8" in m for m in skipped)
    assert len(skipped) == 2


def test_a_file_holding_only_a_list_is_indexed(tmp_path, encoder):
    text = "- The submarine fleet has twelve boats\r\n- The frigate squadron has four ships\r\n"
    (tmp_path / "fleet.md").write_text(text, newline="")
    got, skipped = chunk_folder(tmp_path, encoder.count_tokens)
    assert not skipped
    assert [p.text for p in got] == [text.strip()]
    assert [text[a:b] for a, b in got[0].sentences] == [
        "- The submarine fleet has twelve boats",
        "- The frigate squadron has four ships",
    ]
