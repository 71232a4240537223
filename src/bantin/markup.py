"""HTML left in a text file: character references decoded, tags turned into lines of text.

Scrapers often save a page's inner HTML, or its text with the entities of an old CMS in it
("c&aacute;n bộ", "&#7897;", "&nbsp;"), as a ``.txt`` file. Read as plain text, the title would be
"<p>Thứ Sáu, 24/5/2019</p>" and the letters would stay escaped. ``unmark`` gives the text a reader
of the page saw instead: each block element on lines of its own, inline elements joined into
their line, scripts and styles dropped. Plain text goes through untouched, after two substring
tests.
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import islice

# An element that pages put around article text, or around what is not text (scripts, styles)
_TAG = re.compile(
    r"<(?:!--|/?(?:p|br|div|span|strong|b|em|i|u|a|img|h[1-6]|figure|figcaption|picture|source|ul|ol|li"
    r"|table|thead|tbody|tr|td|th|blockquote|section|article|header|footer|nav|aside|main|script|style"
    r"|noscript|iframe|font|center|hr|sup|sub|small|label|button|form|input|meta|link|title|html|head|body)"
    r"(?=[\s/>]))", re.I)
_TAGS_MIN = 3   # fewer are text that shows a tag ("the <br> element"), not markup
# a character reference, with its semicolon (a bare "&" is text: "GD&TĐ", "R&D", "Q&A")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unmark(text: str) -> tuple[str, str | None]:
    """``text`` as a reader of the page saw it, and a note of what was done (None: nothing was)."""
    if "<" in text and _count(_TAG, text, _TAGS_MIN) >= _TAGS_MIN:
        return _lay_out(text), "HTML tags in a text file were turned into lines of text"
    if "&" in text:
        n = 0

        def decode(m: re.Match[str]) -> str:
            nonlocal n
            s = html.unescape(m.group())
            if s == m.group():
                return s            # not a reference HTML knows ("&foo;"): left as written
            n += 1
            return s

        out = _REFERENCE.sub(decode, text)
        if n:
            out = unicodedata.normalize("NFC", out.replace("\u00a0", " "))
            return out, f"{n:,} HTML character reference{'s' if n > 1 else ''} decoded (\"&aacute;\" is \"á\")"
    return text, None


def _count(rx: re.Pattern[str], text: str, enough: int) -> int:
    """Matches of ``rx`` in ``text``, counted up to ``enough``."""
    return sum(1 for _ in islice(rx.finditer(text), enough))


# elements that open and close lines (a browser's block boxes), and those whose text is no text
_BLOCKS = frozenset("""p div br hr h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table thead tbody tfoot caption
    figure figcaption blockquote section article header footer nav aside main pre address center form
    details summary""".split())
_HIDDEN = frozenset("script style noscript template head title iframe object svg math select".split())
_CELLS = frozenset(("td", "th"))
# A tag, a declaration ("<!DOCTYPE html>") or a processing instruction. No part of a tag holds "<"
# (nor ">" but inside quotes), so a tag that never closes is given up at the next "<": each try
# reads to the next "<" at most, and the scan is linear however the markup is broken (the
# standard library's ``html.parser`` is quadratic on "<a b='" repeated: 3.3 s at 40 kB).
_TOKEN = re.compile(
    r"""<(?:!--|(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9]{0,31})(?:[^<>"']|"[^"<]*"|'[^'<]*')*+>"""
    r"""|![^<>]*+>|\?[^<>]*+>)""")
_SPACES = re.compile(r"[ \t\n\r\f\u00a0]+")


def _lay_out(markup: str) -> str:
    """The text of an HTML fragment as a browser lays it out in lines: white space collapsed as
    HTML does (a line break in a paragraph's source is a space), each block element on lines of
    its own (a blank line between paragraphs, none at a "<br>"), the cells of a row side by side,
    the text of hidden elements (scripts, styles) dropped, character references decoded. What is
    not a tag stays text: a "<" that opens none, an unclosed comment or script. NFC."""
    lines: list[str] = []
    line: list[str] = []

    def end_line(blank: bool) -> None:
        text = _SPACES.sub(" ", html.unescape("".join(line))).strip()
        line.clear()
        if text:
            lines.append(text)
        elif blank and lines and lines[-1]:
            lines.append("")      # one blank line between blocks, however many empty ones

    pos, n = 0, len(markup)
    unclosed: set[str] = set()   # hidden elements with no end tag after some point: none after any later one
    while pos < n:
        m = _TOKEN.search(markup, pos)
        if m is None:
            line.append(markup[pos:])
            break
        line.append(markup[pos:m.start()])
        pos = m.end()
        name = m.group("name")
        if name is None:
            if m.group().startswith("<!--"):
                end = markup.find("-->", pos)
                if end < 0:
                    line.append(m.group())     # never closed: text, not a comment
                else:
                    pos = end + 3
            continue
        name = name.lower()
        if m.group("end"):
            if name in _BLOCKS:
                end_line(name != "br")
            continue
        if name in _HIDDEN and not m.group().endswith("/>"):
            close = None if name in unclosed else re.compile(rf"</{name}\b", re.I).search(markup, pos)
            if close is not None:
                end = markup.find(">", close.end())
                pos = n if end < 0 else end + 1
            else:
                unclosed.add(name)
            continue       # (never closed: what follows is read as text)
        if name in _BLOCKS:
            end_line(name != "br")
        elif name in _CELLS:
            line.append(" ")
    end_line(False)
    return unicodedata.normalize("NFC", "\n".join(lines).strip("\n") + "\n")
