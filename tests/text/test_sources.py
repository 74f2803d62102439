"""Reading the seeds folder: which files, exact offsets through BOMs and CRLF, skips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.text.sources import chunk_folder


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


# ---------------------------------------------------------------- declared charsets
# (WHATWG Encoding Standard: how every browser reads a label; qa/charsets.py)

# windows-1252's bytes 0x80-0x9F as the standard's index gives them: the five that
# Python's cp1252 leaves undefined are the C1 controls of the same number.
WINDOWS_1252_80_9F = (
    "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d"
    "\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d"
    "\u017e\u0178"
)
LATIN1_LABELS = (
    "iso-8859-1 latin1 l1 ascii us-ascii iso_8859-1 cp819 ibm819 iso-ir-100 csisolatin1 "
    "x-cp1252 windows-1252 ISO-8859-1 Windows-1252 iso8859-1 iso88591 ansi_x3.4-1968"
).split()


def _whatwg_1252(data: bytes) -> str:
    return "".join(WINDOWS_1252_80_9F[b - 0x80] if 0x80 <= b < 0xA0 else chr(b) for b in data)


@given(
    label=st.sampled_from(LATIN1_LABELS),
    by_server=st.booleans(),
    body=st.binary(max_size=300),
)
def test_every_latin1_label_reads_any_bytes_as_windows_1252(label, by_server, body):
    from qa.text.sources import decode_page

    data = f"<meta charset='{label}'>".encode() + b"\x80" + body  # 0x80 first: not UTF-8
    text = decode_page(data, label if by_server else "")
    assert text == _whatwg_1252(data), (label, data)


@pytest.mark.parametrize(
    "label, text",
    [
        ("latin5", "Türkçe ğüşıöç İ, 12 €"),  # windows-1254, not ISO-8859-9
        ("gb2312", "€ 中文 䶮"),  # GBK, read by the gb18030 decoder
        ("euc-kr", "똠방각하"),  # windows-949's syllables
        ("shift_jis", "① 日本"),  # windows-31j
        ("big5", "香港 𨋢"),  # Big5-HKSCS
        ("x-mac-cyrillic", "Привет"),  # labels Python does not know
        ("koi8-ru", "Ґанок"),
        ("tis-620", "ราคา 12 €"),  # windows-874
        ("x-user-defined", "12 € l’été"),  # HTML reads it in a <meta> as windows-1252
    ],
)
def test_labels_python_reads_otherwise_are_read_as_browsers_read_them(label, text):
    from qa.text.charsets import codec_for
    from qa.text.sources import decode_page

    page = f"<meta charset={label}><p>{text}</p>"
    assert decode_page(page.encode(codec_for(label))) == page
