"""Blocks from a Markdown body (``*.md`` articles).

Each Markdown block becomes a ``Block`` with plain ``text`` (for extraction and search) and
sanitised inline ``html`` (for display). Raw HTML is cleaned with nh3: only inline formatting and
links survive; scripts, event handlers and ``javascript:`` URLs never do.
"""

from __future__ import annotations

import html as htmllib
import re
import threading

import markdown
import nh3

from ..model import Block

_INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "mark", "q", "s", "small", "strong",
                "sub", "sup", "u"}
_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}}
# No pattern here may backtrack over its input: text comes from scrapers and is hostile. (The former
# heading pattern "^(#{1,6})\s+(.*?)\s*#*\s*$" took a minute on "# a" followed by 2,000 " \t".)
_HEADING_START = re.compile(r"(#{1,6})\s+")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^<>]*>")


def _heading(chunk: str) -> tuple[int, str] | None:
    """ATX heading "## Text ##" -> (level, text); None when the chunk is not one."""
    m = _HEADING_START.match(chunk)
    if not m:
        return None
    text = chunk[m.end():].rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()   # the optional closing sequence
    return len(m.group(1)), text


def _image(chunk: str) -> str | None:
    """A chunk that is an image "![alt](src) rest" on one line -> "alt rest"; else None."""
    m = _IMAGE.match(chunk)
    if not m or "\n" in chunk[m.end():]:
        return None
    return (m.group("alt") + " " + chunk[m.end():].strip()).strip()


def sanitize_inline(fragment: str) -> str:
    return nh3.clean(fragment, tags=_INLINE_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener nofollow")


def _plain(fragment_html: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment_html)).split())


# Python-Markdown's link parser is quadratic in the number of "[" in a block ("[[[[...": 8 s for
# 2,000, 110 s for 8,000). A block with more than this many is not a paragraph of links: its
# brackets are escaped (shown literally) so the block costs linear time.
MAX_BRACKETS = 100


# What Python-Markdown reads as syntax in a block: its marks (emphasis, code, links, images, raw
# HTML, entities, escapes), tabs, hard breaks, indented lines and a line that opens a list, a quote
# or a heading. A block with none of them is a paragraph of plain text that it returns unchanged,
# so it need not go through it: most blocks of an article, and each costs ~120 us there.
_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#|~\t]|  \n|\n[ \t]|(?:^|\n)(?:[-=+>#*]|\d+[.)]\s)")
_converter = threading.local()


def _markdown(md_text: str) -> str:
    """Python-Markdown's HTML of ``md_text``, by one converter per thread (making one costs more
    than converting a paragraph)."""
    md = getattr(_converter, "md", None)
    if md is None:
        md = _converter.md = markdown.Markdown(output_format="html")
    return md.reset().convert(md_text)


def _inline_html(md_text: str) -> str:
    if not _SYNTAX.search(md_text):
        return sanitize_inline(md_text).strip()
    if md_text.count("[") > MAX_BRACKETS:
        md_text = md_text.replace("\\", "\\\\").replace("[", "\\[")
    out = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", _markdown(md_text), flags=re.S)
    return sanitize_inline(out).strip()


def markdown_blocks(body: str) -> tuple[str | None, list[Block]]:
    """Split a Markdown body into blocks; returns (first level-1 heading or None, blocks)."""
    title: str | None = None
    blocks: list[Block] = []
    chunks = re.split(r"\n\s*\n", body.strip())
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        h = _heading(chunk) if "\n" not in chunk else None
        if h:
            html = _inline_html(h[1])
            text = _plain(html)
            if h[0] == 1 and title is None and not blocks:
                title = text
            elif text:
                blocks.append(Block("heading", text, html))
            continue
        caption = _image(chunk)
        if caption is not None:
            html = _inline_html(caption)
            if _plain(html):
                blocks.append(Block("caption", _plain(html), html))
            continue
        lines = [re.sub(r"^(?:>\s?|[*+]\s+|\d+\.\s+)", "", ln) for ln in chunk.split("\n")]
        joined = "\n".join(lines)
        kind = "paragraph"
        if re.match(r"^[-–—]\s", joined):
            kind = "question" if joined.rstrip().endswith("?") else "answer"
            joined = re.sub(r"^[-–—]\s+", "", joined)
        html = _inline_html(joined)
        text = _plain(html)
        if text:
            blocks.append(Block(kind, text, html))
    return title, blocks
