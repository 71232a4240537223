"""Blocks from a Markdown body (``*.md`` articles).

Each Markdown block becomes a ``Block`` with plain ``text`` (for extraction and search) and
sanitised inline ``html`` (for display). The parser is markdown-it-py's CommonMark, linear on any
input (Python-Markdown, the one we had, was quadratic on several hostile patterns: runs of "[",
autolinks, underlined headings, footnote marks). Raw HTML is cleaned with nh3: only inline
formatting and links survive; scripts, event handlers and ``javascript:`` URLs never do.
"""

from __future__ import annotations

import html as htmllib
import re
import threading

import nh3
from markdown_it import MarkdownIt

from ..model import Block
from ..text import CONTROLS

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


_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")


def _setext(chunk: str) -> tuple[int, str] | None:
    """A setext heading, its text underlined ("Tiêu đề\\n=======" is level 1, "---" level 2) -> (level,
    text); None when the chunk is not one."""
    text, _, under = chunk.rpartition("\n")
    if not _SETEXT_UNDERLINE.fullmatch(under) or not text.strip() or _ITEM.match(text.lstrip()) \
            or text.startswith(("    ", "\t", "```", "~~~")):
        return None
    return (1 if under.strip()[0] == "=" else 2), " ".join(text.split())


def _image(chunk: str) -> str | None:
    """A chunk that is an image "![alt](src) rest" on one line -> "alt rest"; else None."""
    m = _IMAGE.match(chunk)
    if not m or "\n" in chunk[m.end():]:
        return None
    return (m.group("alt") + " " + chunk[m.end():].strip()).strip()


# nh3's HTML parser (html5ever) walks its stack of open elements for each block element it opens,
# and its list of formatting elements for each "</a>": "<div>" nested 16,000 deep took 0.6 s,
# "<a><b>" 8,000 times 0.3 s, and 8 MB of either would take hours. No paragraph of an article holds
# more tags than this; one that does is read as plain text (its tags dropped, and what nh3 drops
# with them: scripts and styles) before nh3 sees it.
_MANY_TAGS = 256
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*+>")
_DROPPED_WITH_CONTENT = re.compile(r"<(script|style)(?=[\s/>])", re.I)


def _without_tags(fragment: str) -> str:
    out, pos = [], 0
    while (m := _DROPPED_WITH_CONTENT.search(fragment, pos)) is not None:
        out.append(fragment[pos:m.start()])
        end = re.compile(rf"</{m.group(1)}\s*>", re.I).search(fragment, m.end())
        if end is None:
            pos = len(fragment)      # never closed: the rest is its content, as nh3 reads it
            break
        pos = end.end()
    out.append(fragment[pos:])
    return _ANY_TAG.sub("", "".join(out))


def sanitize_inline(fragment: str) -> str:
    if fragment.count("<") > _MANY_TAGS:
        fragment = _without_tags(fragment)
    return nh3.clean(fragment, tags=_INLINE_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener nofollow")


def _plain(fragment_html: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment_html)).split())


# A run of "[" costs the link parser about 9 ms a kB (Python-Markdown's was quadratic: 110 s for
# 8,000). A block with more than this many is not a paragraph of links: its brackets are escaped
# (shown literally), and the block costs a fifth of that.
MAX_BRACKETS = 100


# What CommonMark reads as syntax in a block: its marks (emphasis, code, links, images, raw
# HTML, entities, escapes), tabs, hard breaks, indented lines and a line that opens a list, a quote
# or a heading. A block with none of them is a paragraph of plain text that it returns unchanged,
# so it need not go through it: most blocks of an article, and each costs ~25 us there (120 us in
# Python-Markdown).
_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#|~\t]|  \n|\n[ \t]|(?:^|\n)(?:[-=+>#*]|\d+[.)](?:\s|$))")
_converter = threading.local()


def _markdown(md_text: str) -> str:
    """The CommonMark HTML of ``md_text`` (raw HTML kept, for ``sanitize_inline`` to clean), by
    one parser per thread."""
    md = getattr(_converter, "md", None)
    if md is None:
        md = _converter.md = _parser()
    return md.render(md_text)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    # every link is made, whatever its URL: ``sanitize_inline`` keeps the URLs it allows and the
    # text of the others ("[liên kết](javascript:...)" is "liên kết", not the source as text)
    md.validateLink = lambda url: True
    return md


def _inline_html(md_text: str) -> str:
    if not _SYNTAX.search(md_text):
        return sanitize_inline(md_text).strip()     # (no "&": no reference to decode)
    if md_text.count("[") > MAX_BRACKETS:
        md_text = md_text.replace("\\", "\\\\").replace("[", "\\[")
    out = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", _markdown(md_text), flags=re.S)
    out = sanitize_inline(out).strip()
    # a reference the parser decoded ("&#x202e;", "&#xfeff;") into a character no text keeps
    return CONTROLS.sub("", out) if "&" in md_text else out


_BLANK_LINES = re.compile(r"\n\s*\n")


def _chunks(body: str):
    """The blocks of ``body`` (text between blank lines), each with the line it starts on."""
    pos, line = 0, 1
    for sep in (*_BLANK_LINES.finditer(body), None):
        end = sep.start() if sep is not None else len(body)
        raw = body[pos:end]
        chunk = raw.strip()
        if chunk:
            lead = len(raw) - len(raw.lstrip())
            yield chunk, line + raw.count("\n", 0, lead)
        if sep is not None:
            line += body.count("\n", pos, sep.end())
            pos = sep.end()


def markdown_blocks(body: str, lines: list[int] | None = None) -> tuple[str | None, list[Block]]:
    """Split a Markdown body into blocks; returns (first level-1 heading or None, blocks).

    ``lines``, when given, gets the line of ``body`` each block starts on. The title is the first
    level-1 heading when nothing but datelines stands above it ("*Thứ Sáu, 24/5/2019*")."""
    from .dates import read_dateline

    title: str | None = None
    blocks: list[Block] = []
    only_datelines = True   # nothing but datelines so far: a level-1 heading may still be the title
    turns: bool | None = None   # whether dash items are an interview's turns (see _DASH_QUESTION)
    last_turn: str | None = None
    for chunk, at in _chunks(body):
        if only_datelines and blocks:
            only_datelines = read_dateline(blocks[-1].text) is not None
        h = _heading(chunk) if "\n" not in chunk else _setext(chunk)
        if h:
            html = _inline_html(h[1])
            text = _plain(html)
            if h[0] == 1 and title is None and only_datelines:
                title = text
            elif text:
                blocks.append(Block("heading", text, html))
                if lines is not None:
                    lines.append(at)
            continue
        caption = _image(chunk)
        if caption is not None:
            html = _inline_html(caption)
            if _plain(html):
                blocks.append(Block("caption", _plain(html), html))
                if lines is not None:
                    lines.append(at)
            continue
        for item, marker, offset in _items(chunk):
            kind = "paragraph"
            if marker and marker in "-–—" and turns is None:
                turns = _DASH_QUESTION.search(body) is not None
            if marker and marker in "-–—" and turns:
                # an interview's turns, as in a text file: a question asks, an answer follows it
                if item.rstrip(_CLOSERS).endswith("?"):
                    kind = "question"
                else:
                    kind = "answer" if last_turn == "question" else "question"
                last_turn, marker = kind, ""
            html = _inline_html(item)
            text = _plain(html)
            if not text:
                continue
            if marker:
                # a list's item, shown with its mark as a text file shows it ("- Tăng cường ...;")
                shown = "-" if marker in "*+–—" else marker
                text, html = f"{shown} {text}", f"{htmllib.escape(shown)} {html}"
            blocks.append(Block(kind, text, html))
            if lines is not None:
                lines.append(at + offset)
    return title, blocks


_ITEM = re.compile(r"(?:[-*+–—]|\d{1,9}[.)])(?=\s)")
# a dash item that asks a question: the dashes of the page are an interview's turns, as in a text file
_DASH_QUESTION = re.compile(r"(?m)^[ \t>]*[-–—][ \t]+[^\n]*\?[\"”’») \t]*$")
_CLOSERS = ' "”’»)'


def _items(chunk: str):
    """A block's paragraph and list items, as (text, the item's mark or "", its line in the
    block): each line that opens with a mark ("- ", "* ", "1. ") starts an item, other lines
    continue the one before; a quote's "> " is dropped."""
    if chunk.startswith(("```", "~~~", "    ", "\t")):   # code, fenced or indented: one block, as printed
        yield chunk, "", 0
        return
    text: list[str] = []
    marker, first = "", 0
    for i, ln in enumerate(chunk.split("\n")):
        if ln.startswith(">"):
            ln = ln[2:] if ln.startswith("> ") else ln[1:]
        bare = ln.lstrip()
        m = _ITEM.match(bare)
        if m is not None:
            if text:
                yield "\n".join(text), marker, first
            marker, first, text = m.group(), i, [bare[m.end():].lstrip()]
        else:
            text.append(ln)
    if text:
        yield "\n".join(text), marker, first
