"""The metadata of an HTML page (webpage.py): what trafilatura and htmldate read for its
title, author, site, url and date, given a bounded copy of the page's start, never the
page itself; and the author its JSON-LD names.

Their cost is not linear in every input: trafilatura's author and publisher regexes over
JSON-LD and meta tags take time that grows with the square of a string, and htmldate
runs its regexes over the whole serialised tree. So they get the page's first
META_ELEMENTS elements or about META_CHARS characters of markup (where titles, bylines
and dates are), every text and attribute value cut at VALUE_CHARS, and the JSON-LD
blocks re-written with every string cut the same way.
"""

from __future__ import annotations

import json
from itertools import islice

META_ELEMENTS = 5_000
META_CHARS = 256 * 1024
VALUE_CHARS = 2_000  # one text, attribute value or JSON string in the copy
ATTRIBUTES = 64  # attributes copied per element ("<a x1=1 x2=2 …" has thousands)
JSON_LD_CHARS = 256 * 1024  # JSON-LD read per page, in all
JSON_LD_BLOCKS = 32
JSON_LD_DEPTH = 64  # deeper JSON-LD is no schema.org description: left out


def json_ld(tree) -> list[tuple[object, object, str]]:
    """(element, parsed value, text for the metadata copy) of the first JSON_LD_BLOCKS
    JSON-LD blocks whose texts fit in JSON_LD_CHARS in all; each block is parsed once, so
    the work is linear in the page. The value is None for a block that is no JSON (or
    too deep to be a description): its text is then cut at VALUE_CHARS; a parsed one's
    text is the JSON again with every string cut at VALUE_CHARS."""
    found, budget = [], JSON_LD_CHARS
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        body = script.text or ""
        if len(found) == JSON_LD_BLOCKS:
            break
        if len(body) > budget:  # too large for what is left: a smaller one may follow
            continue
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            value = None
        if not _depth_within(value, JSON_LD_DEPTH):
            value = None
        text = body[:VALUE_CHARS] if value is None else _dumps(_cut_strings(value))
        if len(text) > budget:
            continue
        budget -= len(text) + 1  # +1: an empty block costs something too
        found.append((script, value, text))
    return found


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _depth_within(value, most: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > most:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def _cut_strings(value):
    if isinstance(value, str):
        return value[:VALUE_CHARS]
    if isinstance(value, dict):
        return {str(k)[:VALUE_CHARS]: _cut_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut_strings(v) for v in value]
    return value  # the depth is bounded (json_ld): so is the recursion


def metadata_tree(tree, blocks):
    """A copy of the page's start for the metadata readers: its first META_ELEMENTS
    elements, up to about META_CHARS characters of markup, every text and attribute
    value cut at VALUE_CHARS, ATTRIBUTES an element; the JSON-LD blocks as `json_ld`
    gives them, those past the start added to its head. Built element by element: what
    is left out is never copied."""
    from lxml import etree

    texts = {id(el): text for el, _, text in blocks}
    kept: set[int] = set()
    root, stack, count, budget = None, [], 0, META_CHARS
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        if event == "end":
            if stack and stack[-1][0] is el:
                copy = stack.pop()[1]
                if budget > 0:
                    copy.tail = _cut(el.tail)
                    budget -= len(copy.tail or "")
            continue
        if not isinstance(el.tag, str):  # a processing instruction, an entity
            walker.skip_subtree()
            continue
        count += 1
        if root is not None and (count > META_ELEMENTS or budget <= 0):
            break
        copy = _element(stack[-1][1] if stack else None, el.tag, el.attrib)
        if id(el) in texts:
            kept.add(id(el))
            copy.text = texts[id(el)]
        else:
            copy.text = _cut(el.text)
            budget -= len(copy.text or "")
        budget -= _markup(copy)
        root = root if root is not None else copy
        stack.append((el, copy))
    if root is None:
        return None
    head = root.find("head")
    if head is None:
        head = _element(None, "head", {})
        root.insert(0, head)
    for el, _, text in blocks:
        if id(el) not in kept:
            _element(head, "script", {"type": "application/ld+json"}).text = text
    return root


def _element(parent, tag: str, attrib):
    """A copy of an element under `parent` (a new root when None); a tag or attribute
    name lxml refuses to create (HTML's parser accepts more), or over 64 characters, is
    left out (a tag becomes "div")."""
    from lxml import etree
    from lxml.html import Element

    tag = tag if len(tag) <= 64 else "div"
    try:
        copy = Element(tag) if parent is None else etree.SubElement(parent, tag)
    except ValueError:
        copy = Element("div") if parent is None else etree.SubElement(parent, "div")
    for name, value in islice(attrib.items(), ATTRIBUTES):
        if len(name) <= 64:
            try:
                copy.set(name, value[:VALUE_CHARS])
            except ValueError:
                continue
    return copy


def _markup(copy) -> int:
    """About what an element's tags and attributes add when serialised."""
    return 2 * len(copy.tag) + 5 + sum(len(k) + len(v) + 4 for k, v in copy.attrib.items())


def _cut(value):
    return value[:VALUE_CHARS] if value else value


def metadata(tree):
    """trafilatura's metadata (with htmldate's date) of the bounded copy, as
    bare_extraction reads it; None when it finds none."""
    if tree is None:
        return None
    from trafilatura import extract_metadata
    from trafilatura.settings import Extractor

    options = Extractor(with_metadata=True)
    try:
        return extract_metadata(
            tree, options.url, options.date_params, options.fast, options.author_blacklist
        )
    except (TypeError, ValueError):  # as bare_extraction: no metadata, the text is kept
        return None


def json_ld_author(values: list) -> str:
    """The author a page states in JSON-LD (schema.org) where trafilatura finds none: an
    article nested in the page's description ("mainEntity" of a WebPage, as AMP pages
    write it) or in an "@graph", its author by name or by "@id"; "" if none."""
    nodes: list[dict] = []
    stack = list(reversed(values))
    while stack:  # document order, without recursion
        value = stack.pop()
        if isinstance(value, dict):
            nodes.append(value)
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k.endswith("Article") for k in kinds):
            continue
        author = node.get("author") or node.get("creator")
        author = author[0] if isinstance(author, list) and author else author
        if isinstance(author, dict) and "name" not in author:
            found = author.get("@id")
            author = by_id.get(found, {}) if isinstance(found, str) else {}
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            return name
    return ""
