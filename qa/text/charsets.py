"""Character-set labels read as browsers read them: the WHATWG Encoding Standard's table
of names and labels (https://encoding.spec.whatwg.org/#names-and-labels), each mapped to
the Python codec that decodes it.

Why not Python's own names: Python reads "iso-8859-1" and "latin1" as ISO 8859-1, where
every browser reads windows-1252. A page that declares iso-8859-1 is almost always
windows-1252, its € ’ “ ” in bytes 0x80-0x9F that ISO 8859-1 makes invisible control
characters (they vanished: "12  et léquipe"). Likewise iso-8859-9 is windows-1254,
gb2312 is GBK (decoded by gb18030), euc-kr is cp949, shift_jis is cp932, big5 is
big5hkscs; and half of the standard's labels ("x-cp1252", "iso88591", "unicode20utf8")
Python does not know. A label outside the table (utf-7, ebcdic…) is ignored, as a browser
ignores it. (webencodings implements the table too, but is not installed here.)
"""

from __future__ import annotations

import codecs
import re
from functools import cache

# A charset a page declares: <meta charset="…">, or <meta http-equiv="Content-Type"
# content="text/html; charset=…">; group 1 is the label. The attributes before it are
# bounded: "<meta " repeated over a page would otherwise take quadratic time to search.
DECLARED = re.compile(rb"<meta[\s/][^>]{0,2000}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)

# Python codec → the standard's labels for the encoding it decodes, one encoding a line,
# in the standard's order. The labels of the "replacement" encoding (iso-2022-kr,
# hz-gb-2312, iso-2022-cn…), which decodes a page to one U+FFFD, are left out: such a
# page is read by its other declaration or by a guess.
_LABELS = {
    "utf_8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859_2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859_3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859_4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859_5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859_6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
    "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 "
    "iso_8859-6:1987",
    "iso8859_7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    # ISO-8859-8 and ISO-8859-8-I (logical order) decode alike
    "iso8859_8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859_10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859_13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859_14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859_15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859_16": "iso-8859-16",
    "koi8_r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8_u": "koi8-ru koi8-u",
    "mac_roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    # x-user-defined: as HTML reads it in a <meta> (its own decoding gives private-use
    # characters, never text)
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 "
    "x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac_cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 "
    "x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949",
    "utf_16_be": "unicodefffe utf-16be",
    "utf_16_le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
_CODECS = {label: codec for codec, labels in _LABELS.items() for label in labels.split()}
UTF_16 = ("utf_16_be", "utf_16_le")

# The windows code pages, whose bytes 0x80-0x9F Python leaves partly undefined (cp1252:
# 0x81 0x8D 0x8F 0x90 0x9D) and the standard maps to the C1 control of the same number:
# one such byte must not cost a page its declared charset.
_WINDOWS = ("cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256")
_WINDOWS += ("cp1257", "cp1258")


def codec_for(label: str) -> str | None:
    """The Python codec that decodes what a browser decodes for `label` (a charset as a
    server or a page declares it), or None when browsers know no such label."""
    return _CODECS.get(label.strip(" \t\n\f\r").lower())


def decode(data: bytes, codec: str, errors: str = "strict") -> str:
    """`data` decoded by `codec` (from codec_for) as the standard decodes it."""
    if codec in _WINDOWS:
        return codecs.charmap_decode(data, errors, _table(codec))[0]
    return data.decode(codec, errors)


@cache
def _table(codec: str) -> str:
    """A charmap decoding table for a windows code page: Python's, with its undefined
    bytes in 0x80-0x9F mapped to C1 controls (U+FFFE marks a byte that stays undefined)."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            chars.append(chr(byte) if 0x80 <= byte < 0xA0 else "\ufffe")
    return "".join(chars)
