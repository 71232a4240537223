"""Blocks from a Markdown body (``*.md`` articles).

Each Markdown block becomes a ``Block`` with plain ``text`` (for extraction and search) and
sanitised inline ``html`` (for display). Raw HTML is cleaned with nh3: only inline formatting and
links survive; scripts, event handlers and ``javascript:`` URLs never do.
"""

from __future__ import annotations

import html as htmllib
import re

import markdown
import nh3

from ..model import Block

_INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "mark", "q", "s", "small", "strong",
                "sub", "sup", "u"}
_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\([^)]*\)\s*(?P<rest>.*)$")
_TAG = re.compile(r"<[^>]*>")


def sanitize_inline(fragment: str) -> str:
    return nh3.clean(fragment, tags=_INLINE_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener nofollow")


def _plain(fragment_html: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment_html)).split())


def _inline_html(md_text: str) -> str:
    out = markdown.markdown(md_text, output_format="html")
    out = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", out, flags=re.S)
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
        m = _HEADING.match(chunk) if "\n" not in chunk else None
        if m:
            html = _inline_html(m.group(2))
            text = _plain(html)
            if len(m.group(1)) == 1 and title is None and not blocks:
                title = text
            elif text:
                blocks.append(Block("heading", text, html))
            continue
        m = _IMAGE.match(chunk)
        if m:
            caption = (m.group("alt") + " " + m.group("rest")).strip()
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
