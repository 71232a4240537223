"""HTML left in a text file: character references decoded, tags turned into lines of text.

Scrapers often save a page's inner HTML, or its text with the entities of an old CMS in it
("c&aacute;n bộ", "&#7897;", "&nbsp;"), as a ``.txt`` file. Read as plain text, the title would be
"<p>Thứ Sáu, 24/5/2019</p>" and the letters would stay escaped. ``unmark`` gives the text a reader
of the page saw instead: each block element on lines of its own, inline elements joined into
their line, scripts and styles dropped. Plain text goes through untouched, after two substring
tests.

Some save the whole page: the site's menu, search form, sidebar, related links and footer around
the article. Read whole, the menu's first item becomes the title. So the article is read alone
when the page marks it (the ``<article>``, else the ``<main>``, that holds most of the page's
text), and the furniture inside it is dropped: navigation, asides, forms' controls, and the
boxes a page's own names call furniture ("menu", "sidebar", "related", "share", "comment"...:
the rule of Mozilla's Readability). The title is kept when the page puts it outside the article:
its ``<h1>``, else its ``og:title``, else its ``<title>`` without the site's name. Its
``og:site_name`` names the outlet (``site_name``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone
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
        return _lay_out(_reading_part(text)), "HTML tags in a text file were turned into lines of text"
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
# Furniture: elements that hold none of the article, and boxes whose class or id calls them
# furniture (Mozilla Readability's "unlikely candidates", with the names Vietnamese sites use:
# "tin liên quan", "đọc nhiều", "xem thêm"), unless the name also says they hold the article.
_FURNITURE = frozenset("nav aside menu dialog button textarea".split())
# (not "p": pages leave it unclosed, and a count of its end tags could run past the box)
_BOXES = frozenset("div section ul ol header footer table span".split())
_UNLIKELY = re.compile(
    r"-ad-|\bads?\b|advert|banner|breadcrumb|combx|comment|community|disqus|footer|gdpr|header|menu"
    r"|related|relate|remark|replies|rss|share|shoutbox|sidebar|skyscraper|social|sponsor|supplemental"
    r"|pagination|pager|popup|navbar|topbar|subscribe|newsletter|lienquan|lien-quan|docnhieu|doc-nhieu"
    r"|most-?read|tinkhac|tin-khac|xemthem|xem-them", re.I)
_LIKELY = re.compile(r"and|article|body|column|content|main|shadow|detail|entry|post|story|headline", re.I)
_NAMES = re.compile(r"""\s(?:class|id)\s*=\s*(?:"([^"<]*)"|'([^'<]*)'|([^\s"'<>=`]+))""", re.I)
_ROLE = re.compile(r"""\srole\s*=\s*(?:"([^"<]*)"|'([^'<]*)'|([^\s"'<>=`]+))""", re.I)
# ARIA's landmarks that are not the article: navigation, the site's banner and footer, sidebars
_FURNITURE_ROLES = frozenset("navigation banner contentinfo complementary search menu menubar dialog".split())
_KEPT_BOXES = 16    # furniture-like boxes kept (they hold the title, or most of the text) before
                    # the rule gives up: each keeps its text read twice, so the cost stays linear


def _furniture_box(tag: str) -> bool:
    """Whether a box's role, class or id calls it furniture, and does not say it holds the article."""
    role = _ROLE.search(tag)
    if role is not None and (role.group(1) or role.group(2) or role.group(3) or "").lower() in _FURNITURE_ROLES:
        return True
    names = " ".join(a or b or c for a, b, c in _NAMES.findall(tag))
    return bool(names) and _UNLIKELY.search(names) is not None and _LIKELY.search(names) is None


# A tag, a declaration ("<!DOCTYPE html>") or a processing instruction. No part of a tag holds "<"
# (nor ">" but inside quotes), so a tag that never closes is given up at the next "<": each try
# reads to the next "<" at most, and the scan is linear however the markup is broken (the
# standard library's ``html.parser`` is quadratic on "<a b='" repeated: 3.3 s at 40 kB).
_TOKEN = re.compile(
    r"""<(?:!--|(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9]{0,31})(?:[^<>"']|"[^"<]*"|'[^'<]*')*+>"""
    r"""|![^<>]*+>|\?[^<>]*+>)""")
_SPACES = re.compile(r"[ \t\n\r\f\u00a0]+")


def _reading_part(markup: str) -> str:
    """What a reader reads of a page: the ``<article>`` (else ``<main>``) holding most of the
    page's text, with the page's title put first when it stands outside; the whole markup when no
    such element holds a third of the text, or the markup is a fragment of one."""
    body_text = _text_size(markup)
    best: tuple[int, int, int] | None = None       # (text size, start, end)
    for name in ("article", "main"):
        for start, end in _elements(markup, name):
            size = _text_size(markup[start:end])
            if best is None or size > best[0]:
                best = (size, start, end)
        if best is not None and best[0] * 3 >= body_text:
            break
        best = None
    if best is None or (best[1] == 0 and best[2] == len(markup)):
        return markup
    _, start, end = best
    part = markup[start:end]
    if _H1.search(part) is None:
        h1 = _H1.search(markup, 0, start)
        if h1 is not None and _text_size(markup[h1.start():start]) <= _LEAD_IN_WORDS:
            part = markup[h1.start():start] + part      # the title, and its date line beside it
        else:
            part = _page_title(markup) + part
    if _TIME.search(part) is None and (published := _published(markup)):
        title_end = _closing("h1").search(part)
        cut = 0 if title_end is None else part.find(">", title_end.end()) + 1
        part = f"{part[:cut]}<p>{published}</p>{part[cut:]}"
    return part


def _elements(markup: str, name: str):
    """(start, end) of each outermost element ``name``, in order; none after one never closed."""
    pos = 0
    opening = _opening(name)
    while (m := opening.search(markup, pos)) is not None:
        end = _element_end(markup, name, m.end())
        if end is None:
            return
        yield m.start(), end
        pos = end


def _element_end(markup: str, name: str, pos: int) -> int | None:
    """Where the element ``name`` opened just before ``pos`` ends (after its ``>``), counting the
    same elements nested in it; None when it never closes."""
    depth = 1
    for m in _either(name).finditer(markup, pos):
        if m.group(1):
            depth -= 1
            if depth == 0:
                close = markup.find(">", m.end())
                return len(markup) if close < 0 else close + 1
        else:
            depth += 1
    return None


_OPENINGS: dict[str, re.Pattern[str]] = {}
_EITHERS: dict[str, re.Pattern[str]] = {}


def _opening(name: str) -> re.Pattern[str]:
    rx = _OPENINGS.get(name)
    if rx is None:
        rx = _OPENINGS[name] = re.compile(rf"<{name}(?=[\s/>])", re.I)
    return rx


def _closing(name: str) -> re.Pattern[str]:
    return _either(name, "/")


def _either(name: str, slash: str = "/?") -> re.Pattern[str]:
    rx = _EITHERS.get(name + slash)
    if rx is None:
        rx = _EITHERS[name + slash] = re.compile(rf"<({slash}){name}(?=[\s/>])", re.I)
    return rx


_LEAD_IN_WORDS = 150   # between a page's title and its article: a date, an author, the summary; no more
_ANY_TAG = re.compile(r"<[^<>]*+>")
_TIME = re.compile(r"<time(?=[\s>])", re.I)
_PUBLISHED_NAMES = frozenset(("article:published_time", "datepublished", "pubdate", "publishdate",
                              "dc.date.issued", "dcterms.issued", "date"))
_META_NAME = re.compile(r"""\s(?:property|name|itemprop)\s*=\s*["']?([^"'\s<>]+)""", re.I)
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_VIETNAM = timezone(timedelta(hours=7))
_H1 = re.compile(r"<h1(?=[\s>])", re.I)
_META = re.compile(r"<meta\s[^<>]*+>", re.I)
_CONTENT = re.compile(r"""\scontent\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""", re.I)
_TITLE = re.compile(r"<title(?:\s[^<>]*+)?>([^<]{1,400})</title", re.I)
# " | Báo Thanh Niên", " - VnExpress": the site's name after the page's own title
_SITE_SUFFIX = re.compile(r" [|\-\u2013\u2014] [^|\-\u2013\u2014]{1,60}$")
_NO_TEXT = ("script", "style", "noscript", "template", "head")


def _text_size(markup: str) -> int:
    """About how many words of text ``markup`` shows (tags, scripts and styles left out)."""
    for name in _NO_TEXT:
        pos, kept = 0, []
        while (m := _opening(name).search(markup, pos)) is not None:
            close = _closing(name).search(markup, m.end())
            if close is None:
                break
            kept.append(markup[pos:m.start()])
            pos = close.start()
        if kept:
            kept.append(markup[pos:])
            markup = "".join(kept)
    return len(_ANY_TAG.sub(" ", markup).split())


def _published(markup: str) -> str:
    """When the page's metadata says it was published ("article:published_time", schema.org's
    "datePublished"), as a date line the extractor reads: "2019-06-07T09:30" in Vietnam's time
    (a page's clock in UTC would move a late evening to the next day); "" when it says nothing."""
    for meta in _META.finditer(markup):
        tag = meta.group()
        names = {n.lower() for n in _META_NAME.findall(tag)}
        if names & _PUBLISHED_NAMES and (c := _CONTENT.search(tag)) is not None:
            value = _ISO_TIME.fullmatch((c.group(1) or c.group(2) or "").strip())
            if value is None:
                continue
            try:
                when = datetime.fromisoformat(value.group().replace("Z", "+00:00"))
            except ValueError:
                continue
            if "T" not in value.group() and " " not in value.group():
                return when.date().isoformat()
            if when.tzinfo is not None:
                when = when.astimezone(_VIETNAM)
            return when.strftime("%Y-%m-%dT%H:%M")
    return ""


def site_name(markup: str) -> str | None:
    """The publisher a saved page names in its metadata (``og:site_name``: "VnExpress", "Báo
    Nhân Dân"), or None. Asked only of a text ``unmark`` read as HTML."""
    for meta in _META.finditer(markup):
        tag = meta.group()
        if "og:site_name" in tag and (c := _CONTENT.search(tag)) is not None:
            name = " ".join(html.unescape(c.group(1) or c.group(2) or "").split())
            if 0 < len(name) <= 80 and any(ch.isalpha() for ch in name):
                return unicodedata.normalize("NFC", name)
    return None


def _page_title(markup: str) -> str:
    """The page's title as a heading of its own: its ``<h1>``, else ``og:title``, else
    ``<title>`` without the site's name; "" when it has none."""
    m = _H1.search(markup)
    if m is not None:
        end = _element_end(markup, "h1", m.end())
        if end is not None:
            return markup[m.start():end]
    title = ""
    for meta in _META.finditer(markup):
        if "og:title" in meta.group() and (c := _CONTENT.search(meta.group())) is not None:
            title = c.group(1) or c.group(2) or ""
            break
    if not title.strip() and (m := _TITLE.search(markup)) is not None:
        title = " ".join(m.group(1).split())
        cut = _SITE_SUFFIX.sub("", title)
        if len(cut) >= 2 * (len(title) - len(cut)):     # the site's name is the shorter part
            title = cut
    return f"<h1>{title}</h1>" if title.strip() else ""


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
    kept_boxes = 0
    page_words: list[int] = []

    def words() -> int:   # the page's words, counted once and only for a page with furniture
        if not page_words:
            page_words.append(_text_size(markup))
        return page_words[0]

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
        if ((name in _FURNITURE or (name in _BOXES and _furniture_box(m.group())))
                and kept_boxes < _KEPT_BOXES and "box:" + name not in unclosed and not m.group().endswith("/>")):
            end = _element_end(markup, name, pos)
            if end is None:
                unclosed.add("box:" + name)
            elif _H1.search(markup, pos, end) is None and 2 * _text_size(markup[m.start():end]) < words():
                pos = end
                end_line(True)
                continue
            else:
                kept_boxes += 1     # the title, or most of the page: read
        if name in _BLOCKS:
            end_line(name != "br")
        elif name in _CELLS:
            line.append(" ")
    end_line(False)
    return unicodedata.normalize("NFC", "\n".join(lines).strip("\n") + "\n")
