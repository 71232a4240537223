"""Layout of a scraped page (SPEC 3.1): which line is the title, the date lines, the lead, the body
paragraphs, headings, captions, questions and answers, the byline, and what is page furniture.

The page's own lines are the blocks. Everything that is not article text is dropped, and every
dropped line is kept in ``Layout.dropped`` so nothing disappears without a trace.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import expect, line_of, load_yaml
from ..gazetteer import load_forms_of_address, match_form
from ..model import Block
from ..text import fold, fold_chars, squash, tone_normalize
from .bylines import (AFFILIATION_OPEN, SENTENCE_BOUNDARY, BylineHit, has_work_label, is_group_signature, is_weekday,
                      KnownOutlets, looks_like_outlet, name_titles, parse_byline, split_glued_tail)
from .dates import DateHit, parse_dateline, read_dateline
from .directives import CODE_RE, KIND_ABBR, KIND_BEFORE, PARTY_ISSUERS, STATE_ISSUERS, issuer_letters, kind_letters

_PUNCT_ONLY = set(";.,:/-–—…|*·•_ \"'“”()[]")
_PUNCT_CHARS = "".join(sorted(_PUNCT_ONLY))


def _punct_only(s: str) -> bool:
    """``set(s) <= _PUNCT_ONLY`` without building the set: stripping those characters leaves nothing."""
    return not s.strip(_PUNCT_CHARS)

# how long ago a page says it was posted, folded: "2 giờ trước", "Cập nhật: 3 tuần trước", "2 tháng 2
# tuần trước" (no date: the day the page was read is not known)
_AGO = (r"(?:(?:cap nhat|dang|dang tai|gui|xuat ban)(?: luc| ngay)? ?:? ?)?(?:khoang |cach day )?"
        r"\d{1,3} (?:giay|phut|gio|tieng|ngay|tuan|thang|nam)(?: \d{1,3} (?:giay|phut|gio|tieng|ngay|tuan|thang))? truoc")
# a page's widgets, folded (``fold``): a view counter, a reading time, a media player's clock, the
# time since it was posted
_UI_LINE = re.compile(r"\(?(?:(?:so )?luot (?:xem|doc)|views?|xem) ?:? ?[\d.,]+\)?|\(?\d{1,3} phut doc\)?"
                      r"|\(?[\d.,]+ (?:luot (?:xem|doc)|views?)\)?"
                      r"|\d{1,2}:\d{2}(?::\d{2})? ?/ ?\d{1,2}:\d{2}(?::\d{2})?|" + _AGO)
_AGO_LINE = re.compile(_AGO)
_DIGIT = re.compile(r"\d")
# a template's identifier that a scraper copied as text ("menu_WAR_portlet_INSTANCE_x8Yz"): a word of
# ASCII letters and digits joined by underscores, three parts or more
_TEMPLATE_ID = re.compile(r"[A-Za-z][A-Za-z0-9]{0,40}(?:_[A-Za-z0-9]{1,40}){2,12}")
# an outlet's marker set before a title ("(TTV) Hội nghị ..."): cut from it
_TITLE_MARKER = re.compile(r"\(\s?(?P<m>[^()\s]{2,24})\s?\) (?=\S)")
# a count beside a furniture label, "(0)" after it or a number before it, or its empty brackets
# ("Ý kiến ()") (``line_key`` form)
_COMMENT_COUNT = re.compile(r"^\d{1,7} (?=\S)|(?<=\S) ?[(\[]\d{0,7}[)\]]$")
# a trail of links: "Trang chủ > Thời sự > Chính trị", "Trang chủ / Tin tức", "Xây dựng Đảng » Tin tức"
# a bar between the parts of a page's header line, as printed: "|", or a bullet or middle dot
_BARS = "|•·"
_CRUMB_SEP = re.compile(rf" (?:>|»|›|→|/|[{_BARS}]|::) ")
_CRUMB = re.compile(r"[^\W\d_][^.!?;:]{0,39}")


def _section_name(s: str, most: int = 4) -> bool:
    """A section's name set above the date and the title ("Xây dựng Đảng", "TIN TỨC - SỰ KIỆN"):
    ``most`` words at most (four), no digit, no sentence's end."""
    return 0 < _words(s) <= most and not s.endswith(_TERMINAL) and _DIGIT.search(s) is None


def _words(s: str) -> int:
    """Words of ``s``, a dash, an ampersand or other mark standing alone not counted."""
    return sum(1 for w in s.split() if w != "&" and not _punct_only(w))


def _title_after_section(s: str, section: str) -> bool:
    """``s``, after a section's name and a date, reads as the title: longer than the name, four
    words or more, and no statement's end (a title may ask or exclaim, it does not end with ".")."""
    words = _words(s)
    return len(s) <= 250 and words >= 4 and words > _words(section) and not s.endswith((".", "…", ":", ";"))


# what parts a trail's last section from the title printed at its end: a run of spaces or a mark
_TRAIL_END = re.compile(r"(?:\s{2,}|\s(?:>|»|›|/|\||::)\s)$")


def _trail_before(raw: str, title: str) -> bool:
    """The raw line ends with ``title`` after a trail's separator: a run of white space or an arrow,
    a bar, a slash ("Trang chủ    Đào tạo    <title>", "Trang chủ > Thời sự > <title>")."""
    k = raw.rstrip().rfind(title)
    return k > 0 and _TRAIL_END.search(raw, max(0, k - 4), k) is not None


def _widget(s: str) -> bool:
    """A page's widget (``_UI_LINE``), in a short line: it has a digit (a test in C before any fold)."""
    return _DIGIT.search(s) is not None and _UI_LINE.fullmatch(fold(s)) is not None


def _name_and_ago(s: str, known: frozenset[str], titles: re.Pattern[str] | None) -> BylineHit | None:
    """A header line with the author and how long ago the page was posted ("Minh Anh • 3 tuần
    trước", "2 giờ trước | Minh Anh"): the author; None for any other line."""
    for m in _HEADER_SEP.finditer(s):
        for ago, name in ((s[m.end():], s[:m.start()]), (s[:m.start()], s[m.end():])):
            if _AGO_LINE.fullmatch(fold(ago.strip())) is not None \
                    and (author := _author_alone(name, known, titles)) is not None:
                return author
    return None


def _link_line(s: str, bp: Boilerplate) -> bool:
    """A link to another article (``Boilerplate.link_prefixes``). Each prefix is ">>", "»" or ends
    with a colon in its first 24 characters: the caller passes a line with neither at once."""
    if not bp.link_prefixes or len(s) > _LINKS_LINE_MAX \
            or len(s) > _LINK_LINE_MAX and _SENTENCE_END.search(s) is not None:
        return False    # (several headlines glued after one label have no sentence's end between them)
    return _folded(s).startswith(bp.link_prefixes)


def _breadcrumb(s: str) -> bool:
    """A trail of short section names, each a link ("Trang chủ > Thời sự > Chính trị"): with ">",
    "»" or "›" between two names or more; with "/", "|" ("•", "·") or "::", three or more, or after
    "Trang chủ"."""
    if len(s) > 150:
        return False
    parts = _CRUMB_SEP.split(s)
    if len(parts) < 2 or not all(_CRUMB.fullmatch(x) and len(x.split()) <= 6 for x in parts):
        return False
    seps = _CRUMB_SEP.findall(s)
    if any(x.strip() in (">", "»", "›", "→") for x in seps):
        return True
    return len(parts) >= 3 or fold(parts[0]) in ("trang chu", "home")


# an interview's labels: the reporter's question, an answer ("* PV: ...", "Phóng viên: ...", "Hỏi: ...")
_QA_LABEL = re.compile(r"^(?:[*•]\s?)?(?:(?P<q>PV|P\.V|Phóng viên|Hỏi|Câu hỏi)|Trả lời|Đáp)\s?:\s+(?=\S)")
# a speaker's name before a colon, opening an answer ("Đồng chí Nguyễn Văn A: ...", "* Ông B: ...")
_SPEAKER = re.compile(r"^(?:[*•]\s?)?(?P<who>[^\W\d_][^:.!?]{1,50}?)\s?:\s+(?=\S)")


def _is_speaker(who: str, bp: Boilerplate) -> bool:
    """``who`` names a person, as an interview labels an answer: a title and a name ("Đồng chí
    Nguyễn Văn A", "Ông B", "Thiếu tá Hà Nam": ``Boilerplate.opens_with_title``) or a name alone
    in capitals or title case ("NGUYỄN VĂN A")."""
    words = who.split()
    if not 1 <= len(words) <= 7:
        return False
    if bp.opens_with_title(who):
        return words[-1][:1].isupper()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


_TERMINAL = tuple(".!?…:;")
_DASH_START = re.compile(r"^[-–—]\s+")
_MARKER = re.compile(r"^\(\s?(?P<m>[^()]{2,40}?)\s?\)\s?[-–—:]\s?")
# a news agency's dateline before its marker: "Quảng Ninh (TTXVN) -", "Hà Nội, 7/6 (TTXVN) -" (the
# place's words are checked for capitals after the match)
_PLACE_BEFORE_MARKER = re.compile(r"^(?P<place>[^\W\d_][\w.\-]*(?: [^\W\d_][\w.\-]*){0,3})"
                                  r"(?:, ?\d{1,2}/\d{1,2}(?:/\d{4})?)? (?=\()")
_BARE_MARKER = re.compile(r"^(?P<m>[^\W\d_][\w.+&]{1,24}(?: [^\W\d_][\w.]{1,12})?)\s?[-–—]\s(?=\S)")
_END_MARK = re.compile(r"\s?\.?\s?/\.{1,3}\s?$")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_SPACE_PUNCT = re.compile(r" [,.;:!?]")


@dataclass
class Boilerplate:
    """Furniture markers from ``content/boilerplate.yaml`` (see that file for their meaning)."""

    end_markers: frozenset[str] = frozenset()
    drop_lines: frozenset[str] = frozenset()
    end_marks: tuple[str, ...] = ()
    caption_cues: tuple[str, ...] = ("Ảnh",)
    credit_outlets: frozenset[str] = frozenset()   # folded outlet names that sign credits
    signature_titles: tuple[str, ...] = ()          # folded offices an author signs with
    link_prefixes: tuple[str, ...] = ()             # folded openings of a link line
    footer_prefixes: tuple[str, ...] = ()           # folded openings of the site's footer lines
    masthead_prefixes: tuple[str, ...] = ()         # folded openings of a site's motto above the title
    caption_openers: tuple[str, ...] = ()           # folded openings of a picture's caption
    titles: tuple[str, ...] = ()                    # ranks and titles printed before an author's name
    # places.yaml's ``forms_of_address`` ("ông", "đồng chí", "thượng tá"), as the gazetteer reads them
    forms_of_address: frozenset[str] = frozenset()
    _credit: re.Pattern[str] | None = None
    _office: re.Pattern[str] | None = None
    _known: tuple[frozenset[str], frozenset[str]] | None = None
    _furniture: frozenset[str] | None = None
    _credit_span: int = 0
    _name_titles: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: Path, forms_of_address: frozenset[str] | None = None) -> "Boilerplate":
        """Read ``boilerplate.yaml``; raises ``DataError`` (file and line) for a section that is
        not a list of text, an empty entry, or a section it does not know (a misspelt one would
        be ignored). ``forms_of_address``: the gazetteer's (``Gazetteer.person_address``); by
        default read from the ``places.yaml`` beside the file."""
        if forms_of_address is None:
            forms_of_address = load_forms_of_address(path.with_name("places.yaml"))
        raw = load_yaml(path) if path.exists() else {}
        raw = raw or {}
        expect(isinstance(raw, dict), path, f"expected a mapping of sections ({', '.join(_SECTIONS)})")
        line = line_of(raw)
        raw = {k: v or [] for k, v in raw.items()}     # a section with every entry taken out: empty
        for name, items in raw.items():
            expect(name in _SECTIONS, path, f"unknown section {name!r} (known: {', '.join(_SECTIONS)})", line)
            expect(isinstance(items, list) and all(isinstance(x, str) and x.strip() for x in items), path,
                   f"{name}: expected a list of text, none empty", line)
        bp = cls(
            end_markers=frozenset(line_key(x) for x in raw.get("end_markers", []) if isinstance(x, str)),
            drop_lines=frozenset(line_key(x) for x in raw.get("drop_lines", []) if isinstance(x, str)),
            end_marks=tuple(x for x in raw.get("end_marks", []) if isinstance(x, str)),
            caption_cues=tuple(x for x in raw.get("caption_cues", ["Ảnh"]) if isinstance(x, str)),
            credit_outlets=frozenset(fold(x).strip() for x in raw.get("credit_outlets", []) if isinstance(x, str)),
            signature_titles=_prefixes(raw.get("signature_titles", [])),
            link_prefixes=_prefixes(raw.get("link_prefixes", [])),
            footer_prefixes=_prefixes(raw.get("footer_prefixes", [])),
            masthead_prefixes=_prefixes(raw.get("masthead_prefixes", [])),
            caption_openers=_prefixes(raw.get("caption_openers", [])),
            titles=tuple(x for x in raw.get("name_titles", NAME_TITLES) if isinstance(x, str)),
            forms_of_address=frozenset(forms_of_address),
        )
        return bp

    def known_outlets(self, known_markers: frozenset[str]) -> frozenset[str]:
        """``credit_outlets`` with the outlets' folded markers (made once per set of markers)."""
        if self._known is None or self._known[0] is not known_markers:
            both = known_markers.with_names(self.credit_outlets) if isinstance(known_markers, KnownOutlets) \
                else self.credit_outlets | known_markers
            self._known = (known_markers, both)
        return self._known[1]

    @property
    def name_titles(self) -> re.Pattern[str] | None:
        """``titles`` as ``bylines.name_titles`` reads them (made once)."""
        if self._name_titles is None and self.titles:
            self._name_titles = name_titles(self.titles)
        return self._name_titles

    def opens_with_title(self, s: str) -> bool:
        """``s`` opens with what a person is called by before the name: a form of address
        (``forms_of_address``: "Ông", "Đồng chí"), a rank, degree or profession (``name_titles``:
        "Thiếu tá", "PGS", "Nhà thơ") or an office (``signature_titles``: "Bí thư Tỉnh ủy")."""
        words = s.split(" ", 3)
        for k in range(min(3, len(words)), 0, -1):
            if match_form(" ".join(words[:k])) in self.forms_of_address:
                return True
        titles = self.name_titles
        if titles is not None and titles.match(s + " "):
            return True
        return self.office_at(fold(s)) == 0

    @property
    def furniture(self) -> frozenset[str]:
        """Every furniture line: ``end_markers`` and ``drop_lines``."""
        if self._furniture is None:
            self._furniture = self.end_markers | self.drop_lines
        return self._furniture

    def office_at(self, folded: str, start: int = 0) -> int:
        """Where an office of ``signature_titles`` opens in ``folded`` (a ``fold_chars`` of the
        text) at a word's start from ``start`` on: "... Chinh uy vien bo chinh tri, ..."; -1 if none."""
        if not self.signature_titles:
            return -1
        if self._office is None:
            titles = "|".join(re.escape(t) for t in sorted(self.signature_titles, key=len, reverse=True))
            self._office = re.compile(rf"(?<![\w.])(?:nguyen |pho )?(?:{titles})(?![\w])")
        m = self._office.search(folded, start)
        return m.start() if m else -1

    @property
    def credit(self) -> re.Pattern[str]:
        """A photo credit closing a caption: "... phố. Ảnh: Bùi Tuấn", "... (Ảnh: H. Thảo)"."""
        if self._credit is None:
            cues = "|".join(re.escape(c) for c in sorted(self.caption_cues, key=len, reverse=True))
            self._credit = re.compile(
                r"(?:^|(?<=[\s.(]))\(?\s?(?:" + cues + r")\s?:\s?[^:()]{1,60}?\)?\s?\.?$", re.I)
            # the longest text a match can span (it ends the line): "(" " " cue " " ":" " " 60 ")" " " "."
            self._credit_span = max((len(c) for c in self.caption_cues), default=0) + 70
        return self._credit

    def credit_search(self, s: str) -> re.Match[str] | None:
        """``credit.search(s)``, looking only at the end of ``s``, where a match must be."""
        credit = self.credit
        lo = max(0, len(s) - self._credit_span)
        if s.find(":", lo) < 0:
            return None     # a credit has a colon after its cue: most lines end with none
        return credit.search(s, lo)


# ``name_titles`` when boilerplate.yaml has no such section (or is missing): the usual ranks, degrees
# and professions, so that a file written without the section still takes them off an author's name
# (as ``caption_cues`` falls back to "Ảnh"); the shipped file lists many more. A section emptied
# on purpose ("name_titles: []") means none.
NAME_TITLES = ("Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá", "Đại tá",
               "Thiếu tướng", "Trung tướng", "Thượng tướng", "Đại tướng", "Giáo sư", "Phó giáo sư",
               "Tiến sĩ khoa học", "Tiến sĩ", "Thạc sĩ", "GS", "PGS", "TS", "TSKH", "ThS", "NCS", "BS", "KS",
               "LS", "Bác sĩ", "Luật sư", "Nhà báo", "Nhà văn", "Nhà thơ")

_SECTIONS = ("end_markers", "drop_lines", "end_marks", "caption_cues", "credit_outlets", "signature_titles",
             "name_titles", "link_prefixes", "footer_prefixes", "masthead_prefixes",
             "caption_openers")


def _prefixes(raw: object) -> tuple[str, ...]:
    """Folded line openings from a YAML list (longest first; anything but text skipped)."""
    if not isinstance(raw, list):
        return ()
    out = {_folded(x) for x in raw if isinstance(x, str) and x.strip()}
    return tuple(sorted(out, key=len, reverse=True))


def _folded(s: str) -> str:
    """``s`` folded with its white space squashed: how line openings are compared."""
    return " ".join(fold(s).split())


_LINK_LINE_MAX = 200     # characters of a link line ("Xem thêm: ...")
_LINKS_LINE_MAX = 800    # characters of several links' headlines glued after one label, no stop between
# a page's source given as an address, alone or after a short label: "Nguồn PLO: http://...",
# "Nguồn: www.example.vn/...", "http://..." (a line of its own, so no sentence)
_SOURCE_URL = re.compile(r"(?:[^\s:]{1,30}(?: [^\s:]{1,30}){0,5} ?: ?)?(?:https?://|www\.)\S{1,400}")
# the page's own path after a scraper's label, with no site: "source /tin-tuc/ten-bai-viet"
_SOURCE_PATH = re.compile(r"(?i:source|nguồn|url|link) ?:? ?/[\w\-./%?=&]{2,400}")
# a picture's label the scraper left: its alt text ("<headline or caption> - Ảnh 1.") or its number
# alone ("Ảnh 2", "Ảnh 2:"); the number opening a caption ("Ảnh 3: Các đại biểu ...") is cut from it
_PHOTO_ALT = re.compile(r".{0,300}?\S ?[-–—] ?(?:Ảnh|ẢNH|Hình|HÌNH) \d{1,3}\.?")
_PHOTO_WORDS = ("Ảnh ", "ẢNH ", "Hình ", "HÌNH ")
# a picture's number in small letters after its alt text, no dash between: "<headline> ảnh 1"
_PHOTO_ALT_SMALL = re.compile(r" (?:ảnh|hình) \d{1,3}\.?$")
_PHOTO_ALT_MAX = 320
_ALT_CAPTION_MAX = 250   # characters of the caption under a picture's alt text (one sentence)
_SOURCE_URL_MAX = 500
_PHOTO_NUMBER = re.compile(r"(?:Ảnh|ẢNH|Hình|HÌNH) \d{1,3}(?: ?[:.](?: (?=\S)|$)|$)")
_FOOTER_LINE_MAX = 300   # characters of a footer line (an address, a licence)


def _repeated_alt(s: str, title: str, items: list[tuple[int, str]]) -> bool:
    """"<headline> ảnh 1": the title, or the line above, printed again with a picture's number in
    small letters, as a picture's alt text (a sentence may end "... ảnh 1" only when it is neither)."""
    m = _PHOTO_ALT_SMALL.search(s, max(0, len(s) - 10))
    if m is None:
        return False
    before = s[:m.start()]
    return before == title or bool(items) and before == items[-1][1]


_TRAIL_FURNITURE = re.compile(r"\s(?:Xem thêm|Đọc thêm|Mời xem thêm|Xem thêm tại đây|Xem tiếp)\s?[:.…]?\s?$", re.I)


# Invisible characters web pages leave inside words: a soft hyphen ("Đà Nẵ\u00adng"), a zero-width
# joiner or non-joiner, a word joiner, direction marks. They hid places, codes and names.
_DROP_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"))
# a zero-width space between two visible characters (``_zwsp`` reads it); elsewhere it is white
# space ("\u200bNợ xấu")
_ZWSP_IN_WORD = re.compile("(?<=\\S)\u200b+(?=\\S)")


def _zwsp(m: re.Match[str]) -> str:
    """A zero-width space between two visible characters: inside a word, a number or a code it is
    nothing ("Nẵ\u200bng", "20\u200b16", "05-CT\u200b/TW"); it separates where the letters change
    case upwards ("Đà\u200bNẵng") or a letter meets a digit ("thị\u200b05")."""
    a, b = m.string[m.start() - 1], m.string[m.end()]
    if a.isalpha() and b.isalpha():
        return " " if b.isupper() and not a.isupper() else ""
    return " " if a.isalpha() and b.isdigit() or a.isdigit() and b.isalpha() else ""


def _squash(s: str) -> str:
    """``text.squash`` for one line, on the fast path of ``str.split``, invisible characters dropped
    and zero-width spaces read as above."""
    if s.isprintable() and "  " not in s and not s.startswith(" ") and not s.endswith(" "):
        return s    # printable: no white space but " " (nor U+200B, nor any invisible character)
    s = s.translate(_DROP_INVISIBLE)
    if "\u200b" in s:
        s = _ZWSP_IN_WORD.sub(_zwsp, s).replace("\u200b", " ")
    return " ".join(s.split())


def reading_form(s: str) -> str:
    """A line as the finders read it: ``_squash``ed, its invisible characters dropped (a title is
    kept as printed, but "Tr\u200bương Hòa Bình" must still read as the person's name)."""
    return _squash(s)


def line_key(s: str) -> str:
    return tone_normalize(squash(s)).lower().rstrip(":").strip()


@dataclass
class Layout:
    title: str = ""
    title_line: int | None = None
    header_dates: list[tuple[DateHit, int]] = field(default_factory=list)
    bad_dates: list[tuple[str, int]] = field(default_factory=list)   # date lines that print no day
    blocks: list[Block] = field(default_factory=list)
    block_lines: list[int] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    byline: BylineHit | None = None
    byline_line: int | None = None
    marker: str | None = None          # the outlet marker that opened the lead, e.g. "Thanhuytphcm.vn"

    @property
    def lead(self) -> str:
        for b in self.blocks:
            if b.kind == "lead":
                return b.text
        for b in self.blocks:
            if b.kind in ("paragraph", "answer", "question"):
                return b.text
        return ""


def _undouble(s: str) -> str | None:
    """"X X" -> "X" when a caption was printed twice on one line."""
    n = len(s)
    if n < 21:
        return None
    half = (n - 1) // 2
    if n % 2 == 1 and s[half] == " " and s[:half] == s[half + 1:]:
        return s[:half]
    return None


def _is_short(s: str, words: int = 20, chars: int = 160) -> bool:
    return len(s) <= chars and s.count(" ") < words


# characters: a first line longer than this is no title (real titles stay under 200)
TITLE_MAX = 500
_OFFICE_MAX = 250     # characters of an office an author signs with (``Boilerplate.signature_titles``)
_NAME_LINE_MAX = 60   # characters of the name line above it
_DATE_AND_NAME_MAX = 120   # characters of a header line with the date and the author
# a bar or a bullet may touch its neighbours ("PV•28/01/2025 08:22"); a dash has a space before it
# ("QPTD -Thứ Năm, 19/12/2019"), so that "24-5-2019" stays whole
_HEADER_SEP = re.compile(rf" ?[{_BARS}] ?| [\-–] ?")
# the other part of a header line with the date, when it names no author: a counter ("Lượt xem:
# 7370 | Gửi lúc: ..."), or an acronym, the outlet's or "PV" (the reporter) ("QPTD -Thứ Năm, ...")
_HEADER_TAG = re.compile(r"[^\W\d_]{2,12}")
_ONE_LINE_BODY = 600   # characters: a whole text on one line (no lead paragraph is this long alone)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]* (?=\S)")


# A directive code cut by a hard line wrap at one of its separators: "Nghị quyết số 35-NQ/" / "TW
# của Bộ Chính trị", "05-" / "CT/TW", "27/CT-" / "TTg", "35-NQ" / "/TW". The line is glued to the
# next, with nothing between, when a code read across the break straddles it; only the ends of the
# two lines are read (a code is shorter than this), so the cost per line is bounded.
_CODE_CUTS = ("-", "/", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212")
_CODE_WRAP_REACH = 32


def _wrapped_code(prev: str, s: str) -> bool:
    """Does ``prev`` end with a code that a line wrap cut, ``s`` going on with it?"""
    if not (prev.endswith(_CODE_CUTS) or s.startswith(_CODE_CUTS)):
        return _cut_in_letters(prev, s)
    tail = prev[-_CODE_WRAP_REACH:]
    for m in CODE_RE.finditer(tail + s[:_CODE_WRAP_REACH]):
        if m.start() < len(tail) < m.end():
            return True
    return False


# The kind letters or the issuer of a code may be cut too: "Nghị quyết số 35-N" / "Q/TW", "05-CT/T"
# / "W", "27/CT-T" / "Tg". Glued only when the letters across the break make known kind letters or
# a known issuer, and those before it alone do not ("05-CT/TU" / "BND tỉnh" stays two lines).
_CODE_LETTER_GROUPS = ("pk", "pi", "sk", "si")
_KNOWN_ISSUERS = PARTY_ISSUERS | STATE_ISSUERS
_CODE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĐđƯư"


def _known_letters(m: re.Match[str], group: str) -> bool:
    v = m.group(group)
    if group in ("pk", "sk"):
        return kind_letters(v) in KIND_ABBR
    return issuer_letters(v) in _KNOWN_ISSUERS


def _cut_in_letters(prev: str, s: str) -> bool:
    """Does ``prev`` end inside the kind letters or the issuer of a code that ``s`` goes on with?"""
    if not (prev[-1:] in _CODE_LETTERS and s[:1] in _CODE_LETTERS and prev[-1:] and s[:1]):
        return False
    tail = prev[-_CODE_WRAP_REACH:]
    if not any(c.isdigit() for c in tail[-16:]):
        return False                # (a code's number is at most 15 characters before its last letter)
    cut = len(tail)
    for m in CODE_RE.finditer(tail + s[:_CODE_WRAP_REACH]):
        if not m.start() < cut < m.end():
            continue
        for g in _CODE_LETTER_GROUPS:
            a, b = m.span(g)
            if a < cut < b:
                if not _known_letters(m, g):
                    return False
                # the code read from ``prev`` alone: its letters there must not be known already
                for m0 in CODE_RE.finditer(tail):
                    if m0.end() == cut and m0.start() == m.start() and m0.group(g) is not None \
                            and _known_letters(m0, g):
                        return False
                return True
        return False
    return False


# A reference cut after its kind word: "Quy định số" / "15-QĐ/TU", "Nghị định" / "24/2014",
# "Chỉ thị số" / "05". No line ends with "số"; after the kind word alone, the next line must open
# with a code's number and separator (a heading "Kết quả thực hiện Nghị quyết" stays one).
_NUMBERED = re.compile(r"\d{1,5}[a-zA-Z]?\s?[-–/]\s?(?:[^\W\d_]|(?:19|20)\d\d)")


def _wrapped_reference(prev: str, s: str) -> bool:
    """Does ``prev`` end with a kind word (and "số") whose number opens ``s``?"""
    if not s[:1].isdigit():
        return False
    tail = fold(prev[-_CODE_WRAP_REACH:])
    if KIND_BEFORE.search(tail) is None:
        return False
    return tail.rstrip(" :").endswith(" so") or _NUMBERED.match(s) is not None


def split_layout(text: str, bp: Boilerplate, known_markers: frozenset[str] = frozenset()) -> Layout:
    """Split page text into a ``Layout``. ``known_markers`` are folded outlet markers."""
    lay = Layout()
    items: list[tuple[int, str]] = []
    pieces: list[str] = []   # the last item and the lines that continue it (``join``)
    ends: dict[int, int] = {}  # item index -> its last line, for items that continue over several
    # a quotation the page set apart, its marks on lines of their own ('"' / 'Chẳng hạn ...' / '" -
    # ông Cơ nói'): the opening mark waiting for its line, and whether the last item has one open
    pending_quote: str | None = None
    quote = _Quotes()

    def join(piece: str, line: int) -> None:
        """``piece`` continues the last item (its pieces are joined once, at the end: linear)."""
        if not pieces:
            pieces.append(items[-1][1])
        pieces.append(piece)
        ends[len(items) - 1] = line
        quote.add(piece)

    started = False
    known = bp.known_outlets(known_markers)
    titles = bp.name_titles
    # a byline above the text (the author under the title): (hit, its line, the line as printed)
    header: tuple[BylineHit, int, str] | None = None
    section_above = False   # the "title" so far may be a section's name (``_section_name``)
    caption_lines: set[int] = set()   # lines that are a picture's caption by their label ("Ảnh 3: ...")
    alt_above = -1    # ``len(items)`` when a picture's alt text was dropped
    again = -1        # ``len(items)`` when the title printed again was dropped (the header goes on under it)
    lines = text.split("\n")
    for i, raw in enumerate(lines, 1):
        if not raw:
            continue        # (most blank lines are empty: no call for them)
        s = _squash(raw)
        if not s:
            continue
        # furniture lines are short; ``s`` is squashed already (``line_key`` without its squash)
        key = tone_normalize(s).lower().rstrip(":").strip() if len(s) <= 80 else ""
        if key and (_DIGIT.search(key) is not None or key.endswith(("()", "[]"))):
            # "Bình luận (0)", "0 bình luận": a comment box shows its count; the label is furniture
            key = _COMMENT_COUNT.sub("", key)
        if started and key in bp.end_markers:
            lay.dropped.extend(y for x in lines[i - 1:] if (y := _squash(x)))
            break
        if started and s[0] in _MARKS and _QUOTE_LINE.fullmatch(s):
            if items and quote.open:
                join(s, i)              # the closing mark: it ends the quotation above
                continue
            if s[0] in _OPENING and pending_quote is None:
                pending_quote = s       # the opening mark: it opens the next line
                continue
        if _punct_only(s) or key in bp.drop_lines or (len(s) <= 40 and _widget(s)) \
                or (" " not in s and "_" in s and _TEMPLATE_ID.fullmatch(s)) \
                or (started and (s[0] in ">»" or s.find(":", 0, 24) >= 0) and _link_line(s, bp)):
            lay.dropped.append(s)
            continue
        if started and len(s) <= _PHOTO_ALT_MAX and (s[-1].isdigit() or s[-2:-1].isdigit() and s[-1] == ".") \
                and (_PHOTO_ALT.fullmatch(s) or _repeated_alt(s, lay.title, items)):
            lay.dropped.append(s)     # "<headline> - Ảnh 1.": a picture's alt text, the text's own again
            alt_above = len(items)    # (a short line under it is the picture's caption)
            continue
        if started and s.startswith(_PHOTO_WORDS) and (label := _PHOTO_NUMBER.match(s)) is not None:
            lay.dropped.append(label.group().strip())
            if label.end() == len(s):
                continue              # "Ảnh 2", "Ảnh 2:": a picture's number alone
            s = s[label.end():]       # "Ảnh 3: Các đại biểu ...": the caption without its number
            caption_lines.add(i)
        if started and ("//" in s or "www." in s) and len(s) <= _SOURCE_URL_MAX and _SOURCE_URL.fullmatch(s) \
                or started and s.find("/", 3, 10) >= 0 and len(s) <= _SOURCE_URL_MAX and _SOURCE_PATH.fullmatch(s):
            lay.dropped.append(s)     # "Nguồn PLO: http://...": the page's address, no text
            continue
        if not started and key and len(s) <= 80 and fold(s).strip(" .-–|") in known_markers:
            lay.dropped.append(s)     # the outlet's masthead above the title ("Báo Nhân Dân"): it
            lay.marker = s.strip(" .-–|")   # names the outlet, unless the lead's marker says otherwise
            continue
        if not started and s.find(":", 0, 24) >= 0 and bp.footer_prefixes and len(s) <= _FOOTER_LINE_MAX \
                and (head := _folded(s.lstrip(" " + _BARS))).startswith(bp.footer_prefixes) \
                and head[:head.find(":") + 1] in bp.footer_prefixes:
            lay.dropped.append(s)     # the site's contact in its header: "| Hotline: 0912 ...", "Email: ..."
            continue
        if not started and key and (key in bp.end_markers or _breadcrumb(s)):
            lay.dropped.append(s)     # the page's navigation above the title: "Trang chủ > Thời sự"
            continue
        if len(s) <= 10 and not lay.blocks and len(items) <= 1 and is_weekday(s):
            lay.dropped.append(s)       # "Thứ Ba" / "07/06/2021": the dateline's weekday, apart
            continue
        if len(s) <= _DATE_AND_NAME_MAX and ("trước" in s or "TRƯỚC" in s) and _DIGIT.search(s) is not None \
                and (author := _name_and_ago(s, known, titles)) is not None:
            # "Minh Anh • 3 tuần trước": the author, and no date
            if header is None and len(items) <= 1:
                header = (author, i, s)
            else:
                lay.dropped.append(s)
            continue
        if len(s) <= 24 and lay.header_dates and not lay.blocks and len(items) <= 3 and s[0].isdigit() \
                and (tm := _TIME_ALONE.fullmatch(s)) is not None and lay.header_dates[-1][0].time is None \
                and _next_to(lines, lay.header_dates[-1][1], i) and int(tm.group(1)) < 24 and int(tm.group(2)) < 60:
            # "Chủ nhật, ngày 08 tháng 12 năm 2024" / "16:02 (GMT +7)": the dateline's time, a line apart
            date_hit, date_line = lay.header_dates[-1]
            lay.header_dates[-1] = (replace(date_hit, time=f"{int(tm.group(1)):02d}:{tm.group(2)}"), date_line)
            lay.dropped.append(s)
            continue
        dateline = read_dateline(s) if len(s) <= 80 else None
        hit = dateline if isinstance(dateline, DateHit) else None
        if hit is not None and hit.place is not None and (lay.blocks or items):
            hit = dateline = None     # "Hà Nội, ngày 5/6/2019" inside the text: a letter's or a
            #                           document's own place and date, kept as text
        if hit is None and len(items) <= _HEADER_ITEMS and len(s) <= _DATE_AND_NAME_MAX and header is None:
            both = _date_and_name(s, known, titles)    # "Minh Anh | Thứ Sáu, 24/5/2019"
            if both is not None:
                hit, author, tag = both
                if author is not None:
                    header = (author, i, s)
                    if items and not pieces and not ends and _furniture_above(lay.title, items):
                        # "MỚI NHẤT" / the site's motto / a picture's caption / the title / "Minh
                        # Anh | 24/05/2019": the title is the line over its author and date
                        lay.dropped.append(lay.title)
                        lay.dropped.extend(x for _, x in items[:-1])
                        lay.title, lay.title_line = " ".join(lines[items[-1][0] - 1].split()), items[-1][0]
                        items.clear()
                        quote.start("")
                if tag is not None and lay.marker is None and fold(tag) in known_markers:
                    lay.marker = tag    # "QPTD -Thứ Năm, 19/12/2019": the outlet's marker
        if hit is None and dateline is None and not lay.blocks and len(items) <= 3 and len(s) <= _DATE_FIELDS_MAX \
                and (s.find("|") >= 0 or s.find("•") >= 0):
            # "06/10/2024 | 00:35 GMT+7 | Điện thoại: ... | Email: ...": a dateline, then the site's
            # contact or other fields after bars
            found = _dateline_before_bars(s)
            dateline = found[0] if found is not None else None
            hit = dateline if isinstance(dateline, DateHit) else None
            if hit is not None and header is None and found[1] < len(s) \
                    and (author := _author_after_bars(s, found[1], known, titles)) is not None:
                header = (author, i, s)   # "24/5/2019 | Minh Anh | Email: ...": the author after the date
        if hit is None and dateline is None and not lay.blocks and len(items) <= 3 and len(s) <= 80 \
                and s[-1].isdigit() and (m := _TRAILING_COUNTS.search(s)) is not None:
            # "Thứ năm - 09/03/2017 21:41 3.217 0": the dateline, then the page's counts of views
            # and comments; only after a time, which no count is mistaken for
            dateline = read_dateline(s[:m.start()])
            hit = dateline if isinstance(dateline, DateHit) and dateline.time is not None else None
            if hit is None:
                dateline = None
        if hit is None and isinstance(dateline, str) and not lay.blocks and len(items) <= 3:
            lay.bad_dates.append((dateline, i))   # "Thứ Sáu, 29/02/2019": a dateline, but no day
            lay.dropped.append(s)
            continue
        if hit is not None:
            if not lay.blocks and len(items) <= 3:
                lay.header_dates.append((hit, i))
            lay.dropped.append(s)
            # "Xây dựng Đảng" / "Thứ Sáu, 24/5/2019" / the title: a section's name came first
            section_above = started and not items and _section_name(lay.title)
            continue
        if not started:
            started = True
            if len(s) <= TITLE_MAX and not _marked_lead(s, known_markers):
                # the title as printed: white space collapsed, invisible characters kept
                lay.title, lay.title_line = " ".join(raw.split()), i
                # "Thời sự | Chính trị": two sections' names, a trail too short to be sure of
                # alone; it is one when a title follows
                section_above = _section_name(s) and _CRUMB_SEP.search(s) is not None
                continue
            # longer, it is the text itself (a page scraped with its line breaks lost): no title
        if section_above and not items and _title_after_section(s, lay.title):
            lay.dropped.append(lay.title)
            lay.title, lay.title_line = " ".join(raw.split()), i
            section_above = False
            continue
        section_above = False
        if len(items) <= 3 and s == lay.title and not pieces:
            lay.dropped.append(s)       # the title printed again above the text (a second heading)
            again = len(items)
            continue
        if len(items) <= 3 and not lay.blocks and not pieces and len(lay.title) > len(s) + 4 \
                and lay.title.endswith(s) and lay.title[-len(s) - 1] == " " and _words(s) >= 4 \
                and _title_after_section(s, "") and _trail_before(lines[lay.title_line - 1], s):
            # "Trang chủ    Đào tạo    <the title>" / ... / "<the title>": the first line was the
            # page's trail of sections, ending with the title; the title is the line printed alone
            lay.dropped.append(lay.title)
            lay.title, lay.title_line = " ".join(raw.split()), i
            continue
        if not items and not lay.blocks and key and fold(s).strip(" .-–|") in known_markers:
            lay.dropped.append(s)       # the source's name under the title ("Báo Pháp Luật TP.HCM",
            if lay.marker is None:      # an aggregator's): it names the outlet, unless the lead's
                lay.marker = s.strip(" .-–|")   # marker says otherwise
            continue
        if pending_quote is not None:
            s, pending_quote = pending_quote + s, None
        elif items and s[0] in _MARKS and _CLOSES.match(s) and quote.open:
            join(s, i)                  # the closing mark and what follows: '" - ông Cơ băn khoăn.'
            continue
        elif items and _wrapped_code(pieces[-1] if pieces else items[-1][1], s):
            join(s, i)                  # a code cut by a hard line wrap, whole again
            continue
        elif items and _wrapped_reference(pieces[-1] if pieces else items[-1][1], s):
            join(" " + s, i)            # a reference cut after its kind word
            continue
        elif items and (s[0].islower() or s[0] in ",;") \
                and not (pieces[-1] if pieces else items[-1][1]).endswith(_TERMINAL):
            # a sentence broken where the page set a link or a bold word apart: "... chiếc
            # sportbike R125" / "đã càng trở nên bắt mắt", "Tại thị trường Việt Nam" / ", phiên
            # bản ...": no paragraph opens in lower case or with a comma
            join(s if s[0] in ",;" else " " + s, i)
            continue
        if pieces:
            items[-1] = (items[-1][0], "".join(pieces))
            pieces.clear()
        if items and items[-1][1].endswith((' "', " “")) and s[0] not in _OPENING and quote.open:
            # the opening mark left at the end of the line above: '... đánh giá ngoài. "' / 'Một ...'
            prev_line, prev = items[-1]
            items[-1] = (prev_line, prev[:-2])
            s = prev[-1] + s
        if alt_above == len(items) and len(s) <= _ALT_CAPTION_MAX and _SENTENCE_END.search(s) is None:
            caption_lines.add(i)        # the line under a picture's alt text: its caption
        items.append((i, s))
        quote.start(s)
    if pieces:
        items[-1] = (items[-1][0], "".join(pieces))
    if pending_quote is not None:
        lay.dropped.append(pending_quote)

    if lay.title and _section_above_title(lay, items, ends, lines, bp, known_markers):
        lay.dropped.append(lay.title)
        lay.title, lay.title_line = " ".join(lines[items[0][0] - 1].split()), items[0][0]
        del items[0]
        ends = {j - 1: end for j, end in ends.items() if j}
        again -= 1
    if lay.title and lay.title[:1] == "(" and (tm := _TITLE_MARKER.match(lay.title)) \
            and _is_marker(tm.group("m"), known_markers):
        lay.title = lay.title[tm.end():]     # "(TTV) Hội nghị ...": the outlet's marker, not the title's
        if lay.marker is None and fold(tm.group("m")).strip() in known_markers:
            lay.marker = tm.group("m")
    if header is None and (found := _header_byline(items, lines, lay, known, titles, again)) is not None:
        header, k, n = found[:3], found[3], found[4]
        lay.dropped.extend(x for _, x in items[k + 1:k + n])   # the author's office under the name
        del items[k:k + n]
        ends = {(j - n if j > k else j): end for j, end in ends.items() if not k <= j < k + n}   # by item index
    if header is not None and header[2] not in lay.dropped:
        lay.dropped.append(header[2])
    # the site's footer after the text and its byline: "© Bản quyền ...", "Địa chỉ: ...", "Tags: ..."
    while len(items) > 1 and bp.footer_prefixes and len(items[-1][1]) <= _FOOTER_LINE_MAX \
            and _folded(items[-1][1]).startswith(bp.footer_prefixes):
        lay.dropped.append(items.pop()[1])
    # a summary that the scraper put last, after a run of blank lines: it is the lead
    # (not when the text opens with its outlet's marker: that paragraph is the lead, wherever the
    # page's blank lines fall)
    summary = items.pop() if _summary_last(items, ends) \
        and all(lead_marker(x, known_markers)[0] is None for _, x in items[:2]) else None
    # other articles' headlines run together on the last line, under the byline, with no label
    if len(items) >= 3 and _unlabelled_headlines(items[-1][1], bp) \
            and _signed(items[-2][1], known, titles) and items[-3][1].endswith(_TERMINAL):
        lay.dropped.append(items.pop()[1])
    # the byline: the last line, when it reads as one, else glued to the end of the last line
    furniture = bp.furniture
    if items:
        line, last = items[-1]
        hit = parse_byline(last, known_outlets=known, titles=titles)
        if hit is not None and not hit.name and len(items) >= 2 and len(items[-2][1]) <= _NOTE_MAX \
                and not items[-2][1].endswith(_TERMINAL) \
                and (author := parse_byline(items[-2][1], known_outlets=known, titles=titles)) is not None \
                and author.name and author.credit_outlet is None:
            # the author above the outlet's credit: "An Bình (t/h)" / "Theo Đời sống Plus"
            lay.byline = BylineHit(author.name, f"{author.raw} / {hit.raw}", author.role, hit.credit_outlet)
            lay.byline_line = items[-2][0]
            lay.dropped.extend((items[-2][1], last))
            del items[-2:]
        elif hit is not None:
            lay.byline, lay.byline_line = hit, line
            lay.dropped.append(last)
            items.pop()
        elif is_group_signature(last):
            lay.dropped.append(last)
            items.pop()
        elif len(items) >= 2 and _office_line(last, bp) \
                and (signed := _name_above_office(items[-2][1], known, titles)) is not None:
            # an official signs: "Phạm Minh Chính" / "Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương"
            before, author, printed = signed
            lay.byline = BylineHit(author.name, f"{printed} / {last}", "author", None)
            lay.byline_line = items[-2][0]
            lay.dropped.extend((printed, last))
            if before:
                items[-2:] = [(items[-2][0], before)]
            else:
                del items[-2:]
        elif len(items) >= 2 and len(last) <= _NOTE_MAX and last.startswith("(") and last.endswith(")") \
                and len(items[-2][1]) <= _NOTE_MAX \
                and (hit := parse_byline(f"{items[-2][1]} {last}", known_outlets=known, titles=titles)) is not None:
            # a byline broken before its note or outlet: "Thái Tùng" / "(T/h)"
            lay.byline, lay.byline_line = hit, items[-2][0]
            lay.dropped.extend((items[-2][1], last))
            del items[-2:]
        elif len(items) >= 2 and len(last) <= _CAPTION_MAX and bp.credit_search(last) \
                and (hit := parse_byline(items[-2][1], known_outlets=known, titles=titles)) is not None:
            # the byline above the page's last photo caption
            lay.byline, lay.byline_line = hit, items[-2][0]
            lay.dropped.append(items[-2][1])
            del items[-2]
        elif len(last) > 12:
            # a match is 20 characters at most and ends the line: only the end is searched
            m = _TRAIL_FURNITURE.search(last, max(0, len(last) - 40))
            if m:  # "... ./. Xem thêm:" - a link label left at the end
                lay.dropped.append(last[m.start():].strip())
                last = last[:m.start()].rstrip()
                items[-1] = (line, last)
            before, hit, tail, after = split_glued_tail(last, known, titles)
            if tail is not None and not after and line_key(tail) in furniture:
                # "... ./. CÓ THỂ BẠN QUAN TÂM": a page label glued to the text, not a name
                lay.dropped.append(tail)
                last = before
                items[-1] = (line, last)
                before, hit, tail, after = split_glued_tail(last, known, titles)
            if tail is None and (signed := _glued_office_signature(last, bp, known)) is not None:
                before, hit, tail = signed   # "... kính yêu. Phạm Minh Chính Ủy viên Bộ Chính trị, ..."
            if tail is not None:
                lay.dropped.append(tail)
                if hit is not None:
                    lay.byline, lay.byline_line = hit, line
                if before:
                    items[-1] = (line, before)
                else:
                    items.pop()
                if after:
                    items.append((line, after))

    if lay.byline is None and header is not None:
        lay.byline, lay.byline_line = header[0], header[1]   # signed above the text, not below it
    if summary is not None:
        items.insert(0, summary)
    _classify(items, lay, bp, known_markers, caption_lines)
    _strip_end_mark(lay)
    return lay


_QUOTE_LINE = re.compile(r'["“”«»]+[.,;:!?…]*')          # a line of quotation marks (fullmatch)
_OPENING = '"“«'
_MARKS = '"“”«»'
# a line opening with a closing mark: punctuation or a dash after it, not a word ('"Đây là' opens)
_CLOSES = re.compile(r'["”»]+(?:[.,;:!?…]|\s[-–—]\s)')


class _Quotes:
    """Whether the last item has a quotation open: straight marks by parity, curly ones by depth.
    Its pieces are counted only when asked, each once (asked rarely; linear however often)."""

    __slots__ = ("parts", "counted", "straight", "curly")

    def __init__(self) -> None:
        self.start("")

    def start(self, s: str) -> None:
        self.parts, self.counted, self.straight, self.curly = [s], 0, 0, 0

    def add(self, s: str) -> None:
        self.parts.append(s)

    @property
    def open(self) -> bool:
        parts = self.parts
        for k in range(self.counted, len(parts)):
            p = parts[k]
            self.straight ^= p.count('"') & 1
            self.curly += p.count("“") + p.count("«") - p.count("”") - p.count("»")
        self.counted = len(parts)
        return bool(self.straight) or self.curly > 0


# A page scraped with its summary (sapo) last: "... body", "Thúy Hằng", three blank lines, then the
# summary. Read so when the only run of this many blank lines comes before the last line, and that
# line is a paragraph of summary length, not a signature.
_SUMMARY_GAP = 3
_SUMMARY_CHARS = (60, 800)
_NOTE_MAX = 40      # characters of each half of a byline broken over two lines


def _marked_lead(s: str, known_markers: frozenset[str]) -> bool:
    """A first line that is the lead, its outlet's marker before it ("(HNMO) - Tổng kết ... . Việc
    ..."): the marker, and a paragraph's length or a sentence's end inside it. It is no title."""
    if s[:1] != "(" or (len(s) <= 160 and _SENTENCE_END.search(s) is None):
        return False
    return lead_marker(s, known_markers)[0] is not None


def _section_above_title(lay: Layout, items: list[tuple[int, str]], ends: dict[int, int],
                         lines: list[str], bp: Boilerplate, known_markers: frozenset[str] = frozenset()) -> bool:
    """The "title" is a section's name or a page's label ("Chính trị", "Banner", "DHKT") set right
    above the title, with no date between: a line that reads as a title follows it
    (``_title_after_section``, six words or more), then the page's date (the label three words at
    most) or a paragraph that is not short (the label two words at most); or it is a kicker above
    the headline (``_kicker_above_title``); or the site's motto (``Boilerplate.masthead_prefixes``)
    above a line that reads as a title."""
    if not items or lay.title_line is None or 0 in ends:
        return False
    if bp.masthead_prefixes and len(lay.title) <= _MASTHEAD_MAX and _folded(lay.title).startswith(bp.masthead_prefixes) \
            and not lay.title.endswith((".", "?", "!")) and _title_after_section(items[0][1], ""):
        return True     # the site's motto above the title: "Cơ quan của Đảng bộ, ..." / the title
    words = _words(lay.title)
    if not _section_name(lay.title, _KICKER_CAPS_WORDS):
        return False
    line, cand = items[0]
    if any(lay.title_line < d < line for _, d in lay.header_dates):
        # a date between: a section's name over it is the loop's to see ("Xây dựng Đảng" / the
        # date / the title); a kicker has the same shape with its date under it ("Chuyện người
        # giữ rừng ở vùng biên" / "24/5/2019" / the headline / the lead)
        return _kicker_above_title(lay.title, words, items, bp, known_markers)
    if words <= 3 and _words(cand) >= 6 and _title_after_section(cand, lay.title) \
            and not cand.endswith(("?", "!", "”", '"')):
        nxt = items[1][0] if len(items) > 1 else len(lines) + 1
        if any(line < d < nxt for _, d in lay.header_dates):
            return True
        if words <= 2 and len(items) > 1 and not _is_short(items[1][1]):
            return True
    return _kicker_above_title(lay.title, words, items, bp, known_markers)


_MASTHEAD_MAX = 200    # characters of a site's motto line

# words of a kicker, the short line a page prints above its headline ("GÓC NHÌN", "Chuyện của
# người giữ rừng"); in capitals it may be longer ("CHUYỆN CỦA NHỮNG NGƯỜI GIỮ RỪNG NƠI BIÊN GIỚI")
_KICKER_WORDS = 7
_KICKER_CAPS_WORDS = 10
_KICKER_CAPS_SHORT = 4   # words of a kicker in capitals over any headline ("GÓC NHÌN", "TIÊU ĐIỂM")
# a series' part under its name: "Kỳ 2: ...", "Bài 1 - ...", "Phần III: ..."
_SERIES_PART = re.compile(r"(?:Kỳ|Bài|Phần|Tập)\s(?:\d{1,2}|[IVX]{1,4})\s?[:.\-–]\s")
_HEADLINE_WORDS = 22     # words of a headline under a kicker (a summary without its stop is longer)
_HEADLINE_CHARS = 150


def _kicker_above_title(first: str, words: int, items: list[tuple[int, str]], bp: Boilerplate,
                        known_markers: frozenset[str]) -> bool:
    """The first line is a kicker above the headline: short, and the line under it is longer and
    reads as a headline (no stop, one sentence at most, a headline's length), then comes the lead,
    a paragraph with its stop or opening with the outlet's marker (not the whole text on one line:
    a scraper's title / summary / text, its summary without a stop, has no kicker). A kicker in capitals needs no
    lead under the headline (a headline is not printed in capitals when its kicker is).

    A short real title over its picture's caption has the same shape, and losing the title is the
    worse mistake, so the rule gives way wherever the lines look like that: the first line names
    someone or somewhere (a capitalised word after its first: "Dân vận khéo ở Cẩm Lệ"), or is in
    capitals and over ``_KICKER_CAPS_SHORT`` words, unless the line under it is a series' part
    ("Kỳ 2: ..."); the line under it opens as captions do (``caption_openers``, a form of address
    or an office: "Đồng chí Bí thư ... phát biểu")."""
    cand = items[0][1]
    caps = first.isupper() and words <= _KICKER_CAPS_WORDS \
        and (words <= _KICKER_CAPS_SHORT or _SERIES_PART.match(cand) is not None)
    if not caps and (words > _KICKER_WORDS or first.isupper()
                     or any(w[:1].isupper() for w in first.split()[1:])):
        return False
    if bp.opens_with_title(cand) or (bp.caption_openers and _folded(cand).startswith(bp.caption_openers)):
        return False     # a picture's caption under a short title
    cw = _words(cand)
    if cw < (6 if caps else max(6, words + 3)) or cw > _HEADLINE_WORDS or len(cand) > _HEADLINE_CHARS \
            or cand.endswith((".", "…", ":", ";", ",")) or _SENTENCE_END.search(cand) is not None \
            or (caps and cand.isupper()) or bp.credit_search(cand) is not None:
        return False     # (a line with a photo's credit is the picture's caption)
    if caps:
        return True
    if len(items) < 2:
        return False
    lead = items[1][1]
    if len(lead) >= _ONE_LINE_BODY:
        return False     # title / summary / the whole text on one line, as a scraper writes a page
    if lead_marker(lead, known_markers)[0] is not None:
        return True
    return not _is_short(lead) and lead.rstrip(' "”’»)').endswith(_TERMINAL)


def _summary_last(items: list[tuple[int, str]], ends: dict[int, int]) -> bool:
    """``ends``: the last line of each item that continues over several (others end where they start)."""
    n = len(items)
    if n < 3:
        return False
    line, last = items[-1]
    if not _SUMMARY_CHARS[0] <= len(last) <= _SUMMARY_CHARS[1] or last.count(" ") < 10:
        return False

    def blank_before(k: int) -> int:   # blank lines between item k - 1 and item k
        return items[k][0] - ends.get(k - 1, items[k - 1][0]) - 1

    return blank_before(n - 1) >= _SUMMARY_GAP and all(blank_before(k) < _SUMMARY_GAP for k in range(1, n - 1))


# lines over the author's and date's line in a page's header: the title and up to this many more
# (a menu's word, the site's motto, a picture's caption)
_HEADER_ITEMS = 3
_DATE_FIELDS_MAX = 300   # characters of a dateline followed by other fields after bars
_FIELD_BAR = re.compile(r" ?[|•] ?")
# a time alone on its line, the zone after it: "16:02 (GMT +7)", "08h30", "09:25:27 GMT+7"
_TIME_ALONE = re.compile(r"(\d{1,2}) ?[:hg] ?(\d{2})(?::\d{2})? ?(?:[(\[]? ?(?:GMT|UTC) ?\+ ?0?7(?::?00)? ?[)\]]?)?", re.I)
# one or two counts after a dateline's time (views, comments): "21:41 3.217 0"
_TRAILING_COUNTS = re.compile(r"(?<=\d\d)(?: \d{1,3}(?:[.,]\d{3}){0,3}){1,2}$")


def _dateline_before_bars(s: str) -> tuple[DateHit | str, int] | None:
    """The dateline that a header line opens with, other fields after bars following it
    ("06/10/2024 | 00:35 GMT+7 | Điện thoại: 0123 | Email: ..."): the longest run of the first
    fields that reads as a dateline (its time too), and where the bar after it ends (the length of
    ``s`` when no bar follows); None when the first field is none. Only the first 80 characters
    are read (a dateline is no longer)."""
    bars = list(_FIELD_BAR.finditer(s, 0, 81))
    if not bars or read_dateline(s[:bars[0].start()]) is None:
        return None
    for m in reversed(bars):
        found = read_dateline(s[:m.start()])
        if found is not None:
            return found, m.end()
    return None


def _author_after_bars(s: str, at: int, known: frozenset[str], titles: re.Pattern[str] | None
                       ) -> BylineHit | None:
    """The field at ``at`` of a header line whose fields are parted by bars, when it names an
    author and nothing else ("24/5/2019 | Minh Anh | Email: ..."): a contact's field ("Email:
    ...") has a colon, and names no one, unless the colon ends a work label ("Tin, ảnh: Minh Anh")."""
    m = _FIELD_BAR.search(s, at)
    field = s[at:m.start() if m else len(s)].strip()
    if not field or len(field) > _NAME_LINE_MAX or ":" in field and not has_work_label(field) \
            or _words(field) > 8:
        return None
    return _author_alone(field, known, titles)


_STOPS = (".", "!", "…")   # what ends a caption's sentence


def _furniture_above(title: str, items: list[tuple[int, str]]) -> bool:
    """The lines over the one right above the author's and date's line are the page's furniture,
    not its title: each is in capitals (a menu's word, the site's motto) or a sentence with its
    stop (a picture's caption), and that line reads as a title; one line alone over it must be a
    caption (a title in capitals over its subtitle is kept: a kicker is ``_kicker_above_title``'s).
    A title over its summary or subtitle, which has no stop, is kept."""
    cand = items[-1][1]
    if not _title_after_section(cand, "") or cand.isupper() or len(cand) > _HEADLINE_CHARS * 2:
        return False
    above = [title] + [x for _, x in items[:-1]]
    return all(len(x) <= _CAPTION_MAX and (x.isupper() and len(above) > 1 or x.rstrip(' "”’»)').endswith(_STOPS))
               for x in above)



def _date_and_name(s: str, known: frozenset[str], titles: re.Pattern[str] | None
                   ) -> tuple[DateHit, BylineHit | None, str | None] | None:
    """A header line with the date and the author: "Minh Anh | Thứ Sáu, 24/5/2019",
    "Thứ Sáu, 24/5/2019 - 10:30 | Minh Anh", "Minh Anh • 24/5/2019"; or with the date and a tag
    that names no one: a counter ("Lượt xem: 7370 | Gửi lúc: 05/12/2013 15:42"), an acronym
    ("PV•28/01/2025 08:22", "QPTD -Thứ Năm, 19/12/2019"). (the date, the author or None, the
    acronym or None); None when it is neither."""
    if _DIGIT.search(s) is None or _HEADER_SEP.search(s) is None:
        return None
    tagged: tuple[DateHit, BylineHit | None, str | None] | None = None
    for m in _HEADER_SEP.finditer(s):
        left, right = s[:m.start()], s[m.end():]
        for date_part, name_part in ((left, right), (right, left)):
            hit = parse_dateline(date_part)
            if hit is None:
                continue
            if (signed := _author_and_acronym(name_part, known, titles)) is not None:
                return hit, signed[0], signed[1]   # "Minh Anh - Hà Lan TBN | 24/05/2019 08:30"
            if (author := _author_alone(name_part, known, titles)) is not None:
                return hit, author, None
            if tagged is None:
                tag = name_part.strip()
                if _HEADER_TAG.fullmatch(tag) and tag.isupper():
                    tagged = hit, None, tag
                elif len(tag) <= 40 and _widget(tag):
                    tagged = hit, None, None
    return tagged


def _author_and_acronym(s: str, known: frozenset[str], titles: re.Pattern[str] | None
                        ) -> tuple[BylineHit, str] | None:
    """The authors and their outlet's acronym after them, in a header line ("Minh Anh - Hà Lan
    TBN"): (the authors, the acronym); None for any other text."""
    head, _, tag = s.strip().rpartition(" ")
    if not head or not (_HEADER_TAG.fullmatch(tag) and tag.isupper() and tag.isascii()) \
            or not looks_like_outlet(tag, known) or head.isupper():
        return None
    author = _author_alone(head.rstrip(" -–,"), known, titles)
    return (author, tag) if author is not None else None


def _header_byline(items: list[tuple[int, str]], lines: list[str], lay: Layout, known: frozenset[str],
                   titles: re.Pattern[str] | None, again: int = -1) -> tuple[BylineHit, int, str, int, int] | None:
    """The author named above the text: a line that says so ("Tác giả: Minh Anh", "Bài và ảnh:
    Minh Anh"), a name with a bar at its end or start ("Minh Anh |"), or a name alone right above
    or below the page's date ("Minh Anh" / "Thứ Sáu, 24/5/2019"), or a name over where the author
    works, above the lead ("ThS. Lê Văn An" / "Học viện Chính trị khu vực I"). Only the lines before
    the first paragraph are looked at, and, when the title is printed again under a summary
    (``again``: the item under it), the line under that, as under the title: a name that says so,
    or over where the author works. (the author, its line, the line as printed, its index in
    ``items``, how many items it takes: 2 with the office), or None."""
    date_lines = [line for _, line in lay.header_dates]
    for k, (line, s) in enumerate(items[:2]):
        if len(s) > _NAME_LINE_MAX:
            break          # a paragraph: the header is over
        if has_work_label(s):   # "Tác giả: Minh Anh", "Bài và ảnh: Minh Anh"
            hit = parse_byline(s, known_outlets=known, titles=titles)
            if hit is not None and hit.name:
                return hit, line, s, k, 1
        elif s[-1] in _BARS or s[0] in _BARS:
            # "NGUYÊN ĐOAN |": the name with the bar that parted it from the date the page left out
            bare = s.strip(" " + _BARS)
            if bare and _words(bare) <= 5 and (hit := _author_alone(bare, known, titles)) is not None:
                return hit, line, s, k, 1
        elif any(_next_to(lines, line, d) for d in date_lines) and (hit := _author_alone(s, known, titles)) is not None \
                and _words(s) <= 5:
            return hit, line, s, k, 2 if _office_under(items, k) else 1
        elif _office_under(items, k) and _words(s) <= 8 \
                and (hit := _author_alone(s.rstrip(" ,"), known, titles)) is not None:
            # "ThS. Lê Văn An" / "Học viện Chính trị khu vực I" / the lead: the author and where he works
            return hit, line, s, k, 2
    if 2 <= again + 1 < len(items):
        # the title / the date / a summary / the title again / "Lê Văn An" / "Học viện ..." / the text
        line, s = items[again]
        if len(s) > _NAME_LINE_MAX:
            return None
        if has_work_label(s):
            hit = parse_byline(s, known_outlets=known, titles=titles)
            if hit is not None and hit.name:
                return hit, line, s, again, 1
        elif _office_under(items, again) and _words(s) <= 8 \
                and (hit := _author_alone(s.rstrip(" ,"), known, titles)) is not None:
            return hit, line, s, again, 2
    return None


def _office_under(items: list[tuple[int, str]], k: int) -> bool:
    """Item ``k`` + 1 says where an author works, and a paragraph follows it."""
    if k + 2 >= len(items) or not _affiliation_line(items[k + 1][1]):
        return False
    text = items[k + 2][1]
    return not _is_short(text) or text.rstrip(' "”’»)').endswith(_TERMINAL)


_AFFILIATION_MAX = 120   # characters of the line with where an author works


def _affiliation_line(s: str) -> bool:
    """A line that says where an author works, and nothing else: "Học viện Chính trị, Bộ Quốc
    phòng", "Ban Tuyên giáo Tỉnh ủy", "Giảng viên khoa Lý luận cơ sở" (no sentence's end)."""
    return len(s) <= _AFFILIATION_MAX and AFFILIATION_OPEN.match(s) is not None \
        and not s.endswith((".", "!", "?", "…", ":", ";")) and _SENTENCE_END.search(s) is None


_HEADLINES_WORDS = 12    # words of two headlines run together at the least


def _unlabelled_headlines(s: str, bp: Boilerplate) -> bool:
    """Several headlines run together on one line, as a page lists other articles after the
    text without a label ("Hà Nội tổ chức ... năm Quảng Ninh đẩy mạnh ... Đảng Nghệ An khánh
    thành ..."): no sentence's end inside or at the end, longer than one headline, no caption's
    credit. (Only after a byline: text ends with its stop, a headline has none.)"""
    return _HEADLINE_CHARS < len(s) <= _LINKS_LINE_MAX and not s.endswith(_TERMINAL) \
        and not s.endswith(("”", '"', "»", ")")) and _words(s) >= _HEADLINES_WORDS \
        and _SENTENCE_END.search(s) is None and bp.credit_search(s) is None


def _signed(s: str, known: frozenset[str], titles: re.Pattern[str] | None) -> bool:
    """``s`` is a byline naming an author, alone or glued after the last sentence."""
    if len(s) <= _NAME_LINE_MAX:
        hit = parse_byline(s, known_outlets=known, titles=titles)
        if hit is not None:
            return bool(hit.name)
    if not s[-1:].isalpha():
        return False
    hit = split_glued_tail(s, known, titles)[1]
    return hit is not None and bool(hit.name)


def _next_to(lines: list[str], a: int, b: int) -> bool:
    """Lines ``a`` and ``b`` (1-based) have only blank lines between them."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= 4 and all(not lines[j - 1].strip() for j in range(lo + 1, hi))


def _author_alone(s: str, known: frozenset[str], titles: re.Pattern[str] | None) -> BylineHit | None:
    """``s`` read as a byline that names an author and nothing else (no outlet, no role)."""
    hit = parse_byline(s, known_outlets=known, titles=titles)
    if hit is None or not hit.name or hit.role != "author" or hit.credit_outlet is not None:
        return None
    return hit


def _name_above_office(s: str, known: frozenset[str], titles: re.Pattern[str] | None
                       ) -> tuple[str, BylineHit, str] | None:
    """The author's name on the line above an office line: the whole line, or glued after its
    last sentence. (the text before it, the author, the name as printed), or None."""
    if len(s) <= _NAME_LINE_MAX and (author := _author_alone(s, known, titles)) is not None:
        return "", author, s
    before, hit, tail, after = split_glued_tail(s, known, titles)
    if tail is None or after or hit is None or not hit.name or hit.role != "author" or hit.credit_outlet:
        return None
    return before, hit, tail


def _office_line(s: str, bp: Boilerplate) -> bool:
    """A line that is an author's office and nothing else: "Ủy viên Bộ Chính trị, Bí thư Trung
    ương Đảng, Trưởng Ban Tổ chức Trung ương" (one sentence at most, opening with an office)."""
    if len(s) > _OFFICE_MAX or _SENTENCE_END.search(s):
        return False
    folded = fold_chars(s)
    return folded is not None and bp.office_at(folded) == 0


def _glued_office_signature(last: str, bp: Boilerplate, known: frozenset[str]
                            ) -> tuple[str, BylineHit, str] | None:
    """An official's name and office glued after the last sentence ("... kính yêu. … Phạm Minh
    Chính Ủy viên Bộ Chính trị, ...") or making the whole line: (the text before, the author,
    the signature as printed); None when the line does not end so."""
    if not bp.signature_titles:
        return None
    lo = max(0, len(last) - _OFFICE_MAX - _NAME_LINE_MAX)
    start = None
    for m in SENTENCE_BOUNDARY.finditer(last, lo):   # ("... kính yêu. … Phạm Minh Chính": the last is "… ")
        start = m.end()
    if start is None:
        if len(last) > _OFFICE_MAX + _NAME_LINE_MAX:
            return None
        start = 0
    tail = last[start:]
    folded = fold_chars(tail)
    if folded is None:
        return None
    k = bp.office_at(folded)
    if k <= 0 or not _office_line(tail[k:], bp) or k > _NAME_LINE_MAX:
        return None
    author = _author_alone(tail[:k], known, bp.name_titles)
    if author is None or not 2 <= len(author.name.split()) <= 5:
        return None
    before = last[:start].rstrip()
    if before.endswith(" …"):   # the ellipsis set before the signature, not the text's
        before = before[:-2].rstrip()
    return before, BylineHit(author.name, tail, "author", None), tail


def _sapo_of_one_line_body(items: list[tuple[int, str]], idx: int) -> bool:
    """A page scraped as title / summary / the whole text on one line: the short line between is
    the summary (the lead), not a caption (the picture's caption would sit in the text's line)."""
    if idx != 0 or len(items) != 2:
        return False
    body = items[1][1]
    return len(body) >= _ONE_LINE_BODY and _SENTENCE_END.subn("", body[:_ONE_LINE_BODY])[1] >= 3


def _classify(items: list[tuple[int, str]], lay: Layout, bp: Boilerplate, known_markers: frozenset[str],
              caption_lines: Collection[int] = ()) -> None:
    seen_paragraph = False
    seen_qa = False
    last_qa: str | None = None
    dash_turns: bool | None = None   # whether lines that open with a dash are an interview's turns
    prev_text: str | None = None
    lead_at: int | None = None   # the lead's index in ``lay.blocks`` until a paragraph follows it
    lead_marked = False          # whether the lead opened with the outlet's marker
    credit = bp.credit
    credit_search = bp.credit_search
    n = len(items)
    for idx, (line, s) in enumerate(items):
        if s == prev_text:
            lay.dropped.append(s)  # printed twice in a row (captions often are)
            if lay.blocks and lay.blocks[-1].kind == "heading" and lay.blocks[-1].text == s:
                lay.blocks[-1].kind = "caption"   # a short line so printed is the picture's caption
            continue
        prev_text = s
        if line in caption_lines:
            _add(lay, "caption", s, line)   # its label said so ("Ảnh 3: ...")
            continue
        doubled = _undouble(s)
        if doubled is not None:
            lay.dropped.append(doubled)
            _add(lay, "caption", doubled, line)
            continue
        # a credit on a line of its own belongs to the caption above it
        if len(s) < 120 and credit.match(s) and (s.startswith("(") or len(s) < 60):
            if lay.blocks and lay.blocks[-1].kind in ("caption", "heading", "paragraph") and _is_short(lay.blocks[-1].text):
                lay.blocks[-1].kind = "caption"
                lay.blocks[-1].text = f"{lay.blocks[-1].text} {s}"
            else:
                lay.dropped.append(s)
            continue
        if len(s) <= _CAPTION_MAX and (credit_search(s) or ":" in s and "trong ảnh:" in s.lower()):
            _add(lay, "caption", s, line)
            continue
        label = _QA_LABEL.match(s) if s.find(":", 0, 16) >= 0 else None   # (a label's colon comes early)
        if label:
            # "PV: Xin đồng chí cho biết ...?" / "Trả lời: ...": the label says which side speaks
            kind = "question" if label.group("q") else "answer"
            _add(lay, kind, s[label.end():], line)
            last_qa, seen_qa = kind, True
            continue
        if last_qa == "question" and (speaker := _SPEAKER.match(s)) and _is_speaker(speaker.group("who"), bp):
            # the answer under its speaker's name: "Đồng chí Nguyễn Văn A: Sau hai năm, ..."
            _add(lay, "answer", s[speaker.start("who"):], line)
            last_qa = "answer"
            continue
        dash = _DASH_START.match(s)
        if dash and not seen_qa:
            if dash_turns is None:
                dash_turns = _dash_questions(items)
            if not dash_turns:
                # a list ("- Tăng cường công tác tuyên truyền;"), not an interview's turns: no
                # line of the text opening with a dash asks a question
                if seen_paragraph:
                    _add_text(lay, "paragraph", s, line)
                    continue
                dash = None
        if dash:
            body = s[dash.end():]
            if body.rstrip().endswith("?"):
                kind = "question"
            elif last_qa == "question":
                kind = "answer"
            elif last_qa == "answer":
                kind = "question"
            else:
                kind = "answer" if seen_qa else "question"
            _add(lay, kind, body, line)
            last_qa, seen_qa = kind, True
            continue
        short_plain = _is_short(s) and not s.endswith(_TERMINAL) and not s.endswith(("”", '"')) or (
            _is_short(s) and s.endswith(("”", '"')) and not s[:-1].rstrip().endswith(_TERMINAL) and s.count(" ") < 12
        )
        if short_plain and _sapo_of_one_line_body(items, idx):
            short_plain = False
        if short_plain and not seen_paragraph and not seen_qa:
            _add(lay, "caption", s, line)  # the picture above the lead
            continue
        if short_plain and idx < n - 1 and s[:1].isupper():
            _add(lay, "heading", s, line)
            continue
        if not seen_paragraph and not seen_qa:
            marker, start, end = lead_marker(s, known_markers)
            if marker is not None:
                lay.marker, s = marker, s[:start] + s[end:]
            lead_at, lead_marked = len(lay.blocks), marker is not None
            _add_text(lay, "lead", s, line)
        elif lead_at is not None and not lead_marked and len(lay.blocks) > lead_at \
                and lay.blocks[lead_at].kind == "lead" and _is_short(lay.blocks[lead_at].text) \
                and (marked := lead_marker(s, known_markers))[0] is not None:
            # "Ông A phát biểu tại hội nghị." / "(Thanhuytphcm.vn) – Ngày 15/6, ...": the lead is the
            # paragraph the outlet's marker opens; the short sentence above it was the photo's caption
            marker, start, end = marked
            lay.blocks[lead_at].kind = "caption"
            lay.marker, s = marker, s[:start] + s[end:]
            lead_at, lead_marked = len(lay.blocks), True
            _add_text(lay, "lead", s, line)
        else:
            lead_at = None
            _add_text(lay, "paragraph", s, line)
        seen_paragraph = True


def lead_marker(s: str, known_markers: frozenset[str]) -> tuple[str | None, int, int]:
    """The outlet marker that opens a lead ("(ĐCSVN) - ...") and the span of ``s`` it takes, to be
    cut from the lead's text: (marker, start, end), or (None, 0, 0) when there is none. A place's
    dateline before the marker ("Quảng Ninh (TTXVN) - ...") stays in the text: it names a place."""
    place = _PLACE_BEFORE_MARKER.match(s) if s[:1] != "(" else None
    if place is not None and all(w[0].isupper() for w in place.group("place").split()):
        # only a known outlet's marker: after a name, "(LHQ) -" may be the name's own acronym
        m = _MARKER.match(s[place.end():])   # ("^" holds only at a string's start, not at a ``pos``)
        if m is not None:
            head = m.group("m").split("/")[0].strip()   # "(TTXVN/Vietnam+)": the agency
            if fold(head).strip() in known_markers:
                close = s.index(")", place.end()) + 1
                end = close + 1 if s[close:close + 1] == " " else close
                return head, place.end(), end
        return None, 0, 0
    m = _MARKER.match(s)
    if m and _is_marker(m.group("m"), known_markers):
        return m.group("m").strip(), 0, m.end()
    if m and "/" in m.group("m") and _is_marker(head := m.group("m").split("/")[0].strip(), known_markers):
        return head, 0, m.end()   # "(TTXVN/Vietnam+) -": the agency's story, through an outlet
    if (m := _BARE_MARKER.match(s)) and all(w[0].isupper() for w in m.group("m").split()) \
            and fold(m.group("m")).strip() in known_markers:
        # an outlet's marker without brackets: "TTO - ...", "VOV.VN - ...", "NDO - ..." (only a
        # known one, each word capitalised: "UBND - ...", "Tuổi trẻ - ..." open sentences). It
        # names the outlet and stays in the text as printed: without brackets it reads as part of it
        return m.group("m"), 0, 0
    return None, 0, 0


def _dash_questions(items: list[tuple[int, str]]) -> bool:
    """Whether a line of the text that opens with a dash asks a question ("- Thưa ông, ...?"):
    the dashes then mark an interview's turns, else a list's items."""
    return any(s[:1] in "-–—" and _DASH_START.match(s) and s.rstrip(' "”’»)').endswith("?") for _, s in items)


def _is_marker(m: str, known: frozenset[str]) -> bool:
    from ..text import fold

    f = fold(m).strip()
    if f in known:
        return True
    # an unknown outlet's marker: a domain, or a short upper-case acronym ("TTXVN", "VOV")
    return bool(re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)*\.(?:vn|com|net|org|info)", f)) or (
        m.isupper() and 2 <= len(m) <= 12 and " " not in m)


def _add_text(lay: Layout, kind: str, text: str, line: int) -> None:
    """Add running text, moving inline photo credits and their captions into caption blocks."""
    for piece_kind, piece in split_inline_captions(text):
        if piece_kind == "caption":
            _add(lay, "caption", piece, line)
        else:
            _add(lay, kind, piece, line)
            kind = "paragraph"


def _space_before_punct(text: str) -> bool:
    """Could ``_SPACE_BEFORE_PUNCT`` match?

    Every text ``_add`` is given is cut from, or joined with single spaces out of, lines that
    ``_squash`` made: their only white space is " " (printable text has no other, and a line
    squashed the long way has none left), so " " before the punctuation is the only match."""
    return _SPACE_PUNCT.search(text) is not None     # one scan rather than six ``in`` tests


def _add(lay: Layout, kind: str, text: str, line: int) -> None:
    if _space_before_punct(text):
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = text.strip()
    if not text or _punct_only(text):
        return
    lay.blocks.append(Block(kind, text))
    lay.block_lines.append(line)


def _strip_end_mark(lay: Layout) -> None:
    """Drop the closing "./." (and its variants "/..", "./..") from the last text block."""
    for b in reversed(lay.blocks):
        if b.kind == "caption":
            continue
        tail = b.text[-12:]
        new_tail = _END_MARK.sub(".", tail)
        new = b.text[:-12] + new_tail if len(b.text) > 12 else new_tail
        if new != b.text:
            lay.dropped.append("./.")
            b.text = new
        break


# --- photo credits inside running text ------------------------------------------------------
#
# Pages whose paragraph breaks were lost carry their captions inline: "... năm 2017. Ông A phát
# biểu tại hội nghị. Ảnh: Thu Giang Sáng 3/7, ..." The credit is cut out with the caption sentence
# before it and becomes a caption block between the two halves of the paragraph.

# The cue is searched for from its first letters (a literal prefix keeps the scan fast); an opening
# parenthesis just before it is looked up by hand.
_CUE = re.compile(r"(?P<cue>Ảnh minh h(?:ọa|oạ)|Ảnh tư liệu|Ảnh chụp màn hình|Nguồn ảnh|Ảnh|ẢNH)(?!\w)")
_AFTER_LABEL = re.compile(r"\s?\.(?:\s(?:Nguồn|nguồn)\s?:\s?[^.()]{1,40}\.)?|\s(?:nguồn|theo)\s[^.()]{1,30}\.")
_NOUN_AFTER_BARE = re.compile(r" (?P<tok>[^\W\d_][\w+\-]{1,20})(?P<stop>\.(?=\s|$)|$)")
_TOKEN_RX = re.compile(r"\S+")
_CAPTION_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]?\s+(?=[^\W\d_]|[\"“(])")
_ABBREV_BEFORE = re.compile(r"(?:^|[\s(])(?:TP|Tp|TX|TT|ThS|TS|GS|PGS|Ts|Nxb|NXB|tr|St|Q|P|H|X|[^\W\d_])\.$")
_DASH_BEFORE = re.compile(r"\s[-–]\s?$")
_CAPTION_MAX = 350
_STOP_NEAR = re.compile(r"[.!?)](?=\s|$)")
_INITIAL = re.compile(r"[^\W\d_]\.")
# Words that open a sentence, not a photographer's name ("Ảnh: Ngọc Tiến Tại buổi làm việc ...").
_OPENERS = frozenset("""Ông Bà Theo Tại Trong Sau Trước Sáng Chiều Tối Trưa Đêm Ngày Hôm Đây Cùng Tham Thay Tới
Phát Các Những Một Khi Về Vì Do Nhưng Tuy Chủ Phó Bí Thủ Tổng Ủy Uỷ Lãnh Dự Buổi Được Đó Như Cũng Còn Với Để
Hiện Đến Tháng Từ Qua Sở Bộ Ban Hội Đại Báo Nhiều Tất Mỗi Việc Ngoài Bên Thưa Kính""".split())


def _credit_who_end(text: str, pos: int) -> int:
    """End of a photographer's name starting at ``pos`` ("Thu Giang", "Nhan Sáng/TTXVN", "TÁ LÂM")."""
    toks = [(m.start(), m.end(), m.group()) for _, m in zip(range(9), _TOKEN_RX.finditer(text, pos))]
    if not toks:
        return pos
    end = pos
    caps_run = True
    for k, (a, b, tok) in enumerate(toks):
        c = tok[0]
        if not c.isalpha() or c.islower():
            if k == 0:  # "Ảnh: Cắt từ clip." - up to the first stop nearby
                m = _STOP_NEAR.search(text, pos, pos + 40)
                return m.end() if m else b
            if k == 1 and c.islower():  # "Ảnh: Cắt từ clip." - lower-case words up to a stop nearby
                m = _STOP_NEAR.search(text, pos, pos + 30)
                if m and not any(w[:1].isupper() for w in text[toks[1][0]:m.start()].split()):
                    return m.end()
            if k >= 2 and (c.islower() or c.isdigit()) and not toks[k - 1][2].endswith((".", ",")) \
                    and "/" not in toks[k - 1][2]:
                end = toks[k - 2][1]  # the previous capitalised word opens the next sentence
            break
        word = tok.strip(".,:;!?)”\"")
        if k >= 1 and word in _OPENERS:
            break
        letters = [ch for ch in word if ch.isalpha()]
        is_caps = len(letters) > 1 and all(ch.isupper() for ch in letters)
        if k >= 1 and caps_run and not is_caps:
            break  # "TÁ LÂM Cùng ngày": the capitals end with the name
        caps_run = caps_run and is_caps
        if tok.endswith((",", ":", ";")):
            break
        end = b
        if "/" in tok and _is_acronym(tok.rsplit("/", 1)[1]) or tok.endswith(("!", "?", ")")):
            break  # "Nhan Sáng/TTXVN"; but "VGP/Quang Hiếu" goes on
        if tok.endswith(".") and not _INITIAL.fullmatch(tok):
            break
        if k + 2 < len(toks) and toks[k + 1][2] in ("-", "–") and _is_acronym(toks[k + 2][2]):
            end = toks[k + 2][1]  # "Văn Điệp – TTXVN"
            break
        if k >= 4:
            break
    return end


def _is_acronym(tok: str) -> bool:
    w = tok.strip(".,;)")
    return 2 <= len(w) <= 12 and w.replace("+", "").isalpha() and w.isupper()


def _find_credit(text: str, start: int) -> tuple[int, int, bool] | None:
    """The next photo credit at or after ``start``: (begin, end, has_caption_before)."""
    for m in _CUE.finditer(text, start):
        a = m.start()
        cue = m.group("cue")
        paren = a > start and text[a - 1] == "(" or a > start + 1 and text[a - 2:a] == "( "
        if paren:
            a = text.rindex("(", start, a)
            close = text.find(")", m.end(), m.end() + 90)
            if close < 0 or "(" in text[m.end():close]:
                continue
            return a, close + 1, True
        after = m.end()
        if text.startswith((":", " :"), after):
            colon = text.index(":", after) + 1
            pos = colon + 1 if text[colon:colon + 1] == " " else colon
            end = _credit_who_end(text, pos)
            if end <= pos:
                continue
            dash = _DASH_BEFORE.search(text, max(0, a - 3), a)
            return (dash.start() if dash else a), end, cue in ("Ảnh", "ẢNH", "Nguồn ảnh")
        if cue not in ("Ảnh", "ẢNH"):  # "Ảnh minh họa.", "Ảnh tư liệu", "Ảnh minh họa nguồn internet."
            lab = _AFTER_LABEL.match(text, after)
            return a, (lab.end() if lab else after), False
        bare = _NOUN_AFTER_BARE.match(text, after)  # "Ảnh THCL." / "... Bác Hồ. Ảnh Zing" at the end
        if bare and (bare.group("tok")[0].isupper()) and (a == 0 or text[a - 2:a - 1] in ".!?…”\""):
            return a, bare.end(), True
    return None


def _caption_start(text: str, lo: int, credit_at: int) -> int | None:
    """Where the caption sentence that the credit at ``credit_at`` closes begins (>= ``lo``)."""
    pre_end = credit_at
    while pre_end > lo and text[pre_end - 1] in " -–":
        pre_end -= 1
    if pre_end <= lo:
        return None
    if text[pre_end - 1] in ".!?…”\"":  # the caption's own stop
        pre_end -= 1
    window = max(lo, pre_end - _CAPTION_MAX)
    best = None
    for m in _CAPTION_BOUNDARY.finditer(text, window, pre_end):
        if _ABBREV_BEFORE.search(text, max(lo, m.start() - 6), m.start() + 1):
            continue
        best = m.end()
    if best is not None:
        return best
    if pre_end - lo <= _CAPTION_MAX and window == lo:
        return lo
    return None


def split_inline_captions(text: str) -> list[tuple[str, str]]:
    """Split a paragraph into ("text", ...) and ("caption", ...) pieces around inline photo credits."""
    # every cue holds one of these (the cues are case-sensitive: "hình ảnh", "ảnh hưởng" hold none)
    if "Ảnh" not in text and "ẢNH" not in text and "Nguồn ảnh" not in text:
        return [("text", text)]
    out: list[tuple[str, str]] = []
    lo = 0
    pos = 0
    n = len(text)
    while pos < n:
        hit = _find_credit(text, pos)
        if hit is None:
            break
        a, b, wants_caption = hit
        cs = _caption_start(text, lo, a) if wants_caption else None
        cap_from = a if cs is None else cs
        before = text[lo:cap_from].strip()
        if before:
            out.append(("text", before))
        out.append(("caption", text[cap_from:b].strip()))
        lo = pos = b
    rest = text[lo:].strip()
    if rest:
        out.append(("text", rest))
    return out or [("text", text)]
