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
    if not _SETEXT_UNDERLINE.fullmatch(under) or not text.strip() \
            or text.startswith(("    ", "\t", "```", "~~~")) \
            or any(ln.startswith(">") or _item_mark(ln.lstrip(), True, "") for ln in text.split("\n")):
        return None   # (a list or a quote above a rule: no heading)
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


def dateline_hits(text: str, html: str | None) -> list | None:
    """What ``dates.read_dateline`` reads in a block that is nothing but datelines (one, or one on
    each of its lines: "Ngày đăng: …" then "Cập nhật: …"); None for any other block."""
    from .dates import read_dateline

    hits = [read_dateline(text)]
    if hits[0] is None and html and "\n" in html:
        hits = [read_dateline(t) for t in map(_plain, html.split("\n")) if t]
    return None if not hits or None in hits else hits


def markdown_blocks(body: str, lines: list[int] | None = None) -> tuple[str | None, list[Block]]:
    """Split a Markdown body into blocks; returns (first level-1 heading or None, blocks).

    ``lines``, when given, gets the line of ``body`` each block starts on. The title is the first
    level-1 heading when nothing but datelines stands above it ("*Thứ Sáu, 24/5/2019*")."""
    title: str | None = None
    # (kind, plain text, html, mark of a list's item or "", line): kinds of dash items are decided
    # once every item is known (see below)
    found: list[tuple[str, str, str, str, int]] = []
    only_datelines = True   # nothing but datelines so far: a level-1 heading may still be the title
    for chunk, at in _chunks(body):
        if only_datelines and found:
            only_datelines = dateline_hits(found[-1][1], found[-1][2]) is not None
        h = _heading(chunk) if "\n" not in chunk else _setext(chunk)
        if h:
            html = _inline_html(h[1])
            text = _plain(html)
            if h[0] == 1 and title is None and only_datelines:
                title = text
            elif text:
                found.append(("heading", text, html, "", at))
            continue
        caption = _image(chunk)
        if caption is not None:
            html = _inline_html(caption)
            if _plain(html):
                found.append(("caption", _plain(html), html, "", at))
            continue
        for item, mark, offset in _items(chunk):
            html = _inline_html(item)
            text = _plain(html)
            if text:
                found.append(("paragraph", text, html, mark, at + offset))
    # dash items are an interview's turns when one of them asks a question, as in a text file
    turns = any(mark in _DASHES and text.rstrip(_CLOSERS).endswith("?") for _, text, _, mark, _ in found if mark)
    blocks: list[Block] = []
    last_turn: str | None = None
    for kind, text, html, mark, at in found:
        if mark and turns and mark in _DASHES:
            # a question asks; an answer follows a question
            kind = "question" if text.rstrip(_CLOSERS).endswith("?") or last_turn == "answer" else \
                "answer" if last_turn == "question" else "question"
            last_turn = kind
        elif mark:
            # a list's item, shown with its mark as a text file shows it ("- Tăng cường ...;")
            shown = "-" if mark in "*+" else mark
            text, html = f"{shown} {text}", f"{htmllib.escape(shown)} {html}"
        blocks.append(Block(kind, text, html))
        if lines is not None:
            lines.append(at)
    return title, blocks


_DASHES = "-–—"
_BULLET = re.compile(r"[-*+](?=[ \t])")
_DASH_ITEM = re.compile(r"[–—](?=[ \t])")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=[ \t])")
_CLOSERS = ' "”’»)'


def _item_mark(bare: str, first: bool, mark: str) -> str | None:
    """The list mark opening the line ``bare`` when it starts an item: "-", "*" or "+" always
    (CommonMark lets them interrupt a paragraph); "–" or "—" on a block's first line or after an
    item of that mark (an interview's turns); "7." or "7)" on a block's first line, in a list of
    that kind, or as "1." (only a list from 1 interrupts a paragraph: "năm\\n2019. Đến nay" is one
    paragraph). ``mark``: the mark of the item the line would continue ("" for none)."""
    m = _BULLET.match(bare)
    if m is not None:
        return m.group()
    m = _DASH_ITEM.match(bare)
    if m is not None:
        return m.group() if first or mark == m.group() else None
    m = _ORDERED.match(bare)
    if m is not None and (first or (mark[:1].isdigit() and mark[-1] == m.group(2)) or m.group(1) == "1"):
        return m.group()
    return None


def _items(chunk: str):
    """A block's paragraph and list items, as (text, the item's mark or "", its line in the
    block): a line that opens with a mark (see ``_item_mark``) starts an item, other lines continue
    the one before; a quote's "> " is dropped."""
    if chunk.startswith(("```", "~~~", "    ", "\t")):   # code, fenced or indented: one block, as printed
        yield chunk, "", 0
        return
    text: list[str] = []
    mark, first = "", 0
    for i, ln in enumerate(chunk.split("\n")):
        if ln.startswith(">"):
            ln = ln[2:] if ln.startswith("> ") else ln[1:]
        bare = ln.lstrip()
        new = _item_mark(bare, i == 0, mark)
        if new is not None:
            if text:
                yield "\n".join(text), mark, first
            mark, first, text = new, i, [bare[len(new):].lstrip()]
        else:
            text.append(ln)
    if text:
        yield "\n".join(text), mark, first
