"""The page's labels in other languages (qa_web/i18n.py): every language gives every key,
and the layout asks only for keys there are."""

from __future__ import annotations

import re

from qa.core.config import ROOT
from qa_web.i18n import ENGLISH, TRANSLATIONS


def test_every_language_translates_every_label():
    for language, labels in TRANSLATIONS.items():
        assert set(labels) == set(ENGLISH), language
        assert all(text.strip() for text in labels.values()), language


def test_the_layout_asks_only_for_labels_there_are():
    layout = (ROOT / "qa_web" / "layout.py").read_text(encoding="utf-8")
    asked = set(re.findall(r'\bt\("(\w+)"\)', layout))
    assert asked and asked <= set(ENGLISH), asked - set(ENGLISH)
