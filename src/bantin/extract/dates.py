"""Dates: datelines, the retrieval date, event days and year-only evidence (SPEC 3.2).

Day always comes before month. Patterns are bounded (no nested repetition) so that any input is
scanned in linear time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

# the dateline grammar is shared with the reader (a front-matter date written "24/5/2019"); its
# names are the extractor's too
from ..datelines import (DATELINE_YEARS, DateHit, impossible_dateline,  # noqa: F401
                         parse_dateline, read_dateline)
from ..model import Problem
from ..text import find_all, finditer_at

_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


# --- event days in the lead ----------------------------------------------------------------

_TIME_OF_DAY = r"(?:rạng\s)?(?:sáng|chiều|tối|trưa|đêm|ngày|hôm)(?:\snay|\squa)?"
# the weekday, when printed between the time of day and the day ("Sáng thứ Bảy, 8/6", "Chiều Chủ nhật
# (9/6)") or alone before the day in brackets ("Thứ Sáu (7/6)")
_WEEKDAY = r"(?:thứ\s(?:hai|ba|tư|năm|sáu|bảy|bẩy)|chủ\snhật)"
# one day or two ("29 và 30/11", "29-30/11"): the event opens on the first
_DAYS = r"(?P<d>\d{1,2})(?:\s?(?:và|-|–|đến)\s?\d{1,2})?"
# "Sáng 7/6", "Chiều 10.2", "Ngày 7-6", "Sáng ngày 7 tháng 6", "Ngày 29-30/11", with the year when
# it is printed ("Sáng 7/6/2019", "Chiều ngày 10-2-2017", "ngày 7 tháng 6 năm 2019"); not "12/12
# phường" (no time-of-day word before it). Without a year no digit may follow ("7/6/19", "7/6/2019/").
_EVENT = re.compile(
    r"(?<![\w/])" + _TIME_OF_DAY + r"\s(?:(?P<wd>" + _WEEKDAY + r"),?\s)?(?:ngày\s)?" + _DAYS + r"(?:"
    r"\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})(?:\s?(?P=sep)\s?(?P<y>(?:19|20)\d\d)(?!\d)|(?!\d)(?!\s?[/.\-]\s?\d))"
    r"|\stháng\s(?P<wm>\d{1,2})(?:,?\s(?:năm\s)?(?P<wy>(?:19|20)\d\d)(?!\d)|(?!\d)(?!,?\s(?:năm\s)?\d)))",
    re.I)
# "(29 và 30/11)", "(29-30/11)", "(7/6)": an event day only after a day reference (_PAREN_AFTER)
_EVENT_PAREN = re.compile(
    r"\((?:ngày\s)?(?P<d>\d{1,2})(?:\s?(?:và|-|–|đến)\s?\d{1,2})?\s?[/.\-]\s?(?P<m>\d{1,2})\)", re.I)
# "trong 2 ngày (29 và 30/11)", "sáng cùng ngày (14/6)", "sáng nay (22/5)", "hôm qua (7/6)", "Sáng thứ
# Bảy (8/6)"; a
# holiday's day is not the event's: "Ngày thành lập Đảng (3/2)", "Ngày BHYT Việt Nam (1-7)"
_PAREN_AFTER = re.compile(r"(?<!\w)(?:ngày|nay|qua|(?P<wd>" + _WEEKDAY + r"))\s?$", re.I)
# what makes "thứ hai" before an event day the weekday, not an ordinal ("phiên họp thứ hai (7/6)",
# "ngày làm việc thứ hai"): a part of the day before it ("Sáng thứ Hai (7/6)"), or nothing, as a
# clause opens ("Thứ Hai (7/6), ...")
_WEEKDAY_BEFORE = re.compile(r"(?:(?<!\w)(?:sáng|chiều|tối|trưa|đêm)\s|[,;:.(–—\"“]\s?)$", re.I)
_WEEKDAY_NUMBERS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}


def _weekday_at(s: str, m: re.Match[str]) -> int | None:
    """The weekday (0 = Monday) printed in ``m``'s group "wd", when it is one; None else."""
    at = m.start("wd")
    if at < 0 or at and _WEEKDAY_BEFORE.search(s, max(0, at - 8), at) is None:
        return None
    w = m.group("wd").lower()
    return 6 if w.startswith("chủ") else _WEEKDAY_NUMBERS.get(w[4:])
# "từ ngày 29 đến 30/11", "từ ngày 29/11 đến 1/12"
_EVENT_RANGE = re.compile(
    r"\btừ\sngày\s(?P<d>\d{1,2})(?:\s?[/.\-]\s?(?P<m1>\d{1,2}))?\s(?:đến|tới)\s(?:ngày\s)?\d{1,2}\s?[/.\-]\s?(?P<m>\d{1,2})(?!\d)(?!\s?[/.\-]\s?\d)",
    re.I)
# A document's date of issue (SPEC 3.2: never the article's date): right after the document's code
# ("Chỉ thị số 02/CT-QU ngày 15/3/2018", "54/2017/NQ-QH ngày ...", "Quy định số 102-QĐ/TW, ban hành
# ngày 15-11-2017") or its number ("Công văn số 123, ký ngày 15/3"); "ngày" and "(" optional. Or
# after its issuer ("Chỉ thị số 05-CT/TW của Bộ Chính trị ngày 15/5/2016", "Kế hoạch số 45-KH/QU của
# Ban Thường vụ Quận ủy ban hành ngày 15/3"), a few words: then "ngày" is needed ("... của Bộ Chính
# trị, sáng 7/6" is the event's).
# Matched at the end of a window of _ISSUE_WINDOW characters before the day's digits: a bounded
# cost per date, whatever the text.
_ISSUED_BY = r"ban\shành|k[ýí]"
_ISSUED = re.compile(
    r"(?:\d{1,5}+(?:/\d{4})?\s?[-–/]\s?[^\W\d_]{1,8}+(?:\s?[-–/]\s?[^\W\d_]{1,8}+)?|(?<!\w)số\s?\d{1,5}+[^\s,;()]{0,20}+)"
    r"(?:\s?,?\s?\(?(?:(?:được\s)?(?:k[ýí]\s)?(?:" + _ISSUED_BY + r")\s(?:vào\s)?)?(?:ngày\s)?"
    r"|\s?,?\s(?:do|của)(?:\s\w{1,12}+){1,8}?\s?,?\s(?:(?:được\s)?(?:" + _ISSUED_BY + r")\s(?:vào\s)?)?ngày\s)$",
    re.I)
_ISSUE_WINDOW = 100


def _is_issue_date(s: str, at: int) -> bool:
    """Is the date whose day's digits start at ``at`` in ``s`` a document's date of issue?"""
    return _ISSUED.search(s, max(0, at - _ISSUE_WINDOW), at) is not None


# A commemorated day is not the event's (SPEC 3.2), in brackets or not: the day word right after
# "kỷ niệm", "nhân (dịp)", "dịp", "chào mừng", "hướng tới/về", perhaps with the count ("kỷ niệm 42
# năm ngày 30/4", "kỷ niệm lần thứ 42 ngày 30/4", "Nhân dịp kỷ niệm ngày (30/4)"). "nhân" only
# where no word stands before it: "công nhân", "bệnh nhân" are people. Matched, as _ISSUED, at the
# end of a bounded window before the day word.
_COMMEMORATED = re.compile(
    r"(?<!\w)(?:k[ỷỉ]\sniệm|chào\smừng|hướng\s(?:tới|về)|dịp|(?<![^\W\d_]\s)nhân)"
    r"(?:\s(?:tròn\s|lần\sthứ\s)?\d{1,4}(?:\snăm)?)?\s?$", re.I)
_COMMEMORATED_WINDOW = 32
# "3/2/1930 - 3/2/2017", "(30/4/1975-30/4/2017)": the same day years apart is an anniversary's span;
# matched after the first date's year
_SPAN_TO = re.compile(r"\s?[-–]\s?(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?:19|20)\d\d(?!\d)")


# an anniversary's span: the same day years apart ("(19/5/1890 – 19/5/2020)", "(3/2/1930-3/2/2017)");
# its first date matched at the end of a bounded window before the dash, its last right after it
_SPAN_FROM = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>1[6-9]\d\d|20\d\d)\s?$")
_SPAN_UNTIL = re.compile(r"[-–]\s?(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>(?:19|20)\d\d)(?!\d)")
_SPAN_FROM_WINDOW = 16
# the fewest years an anniversary's span covers: "từ 15/12/2018 - 15/12/2019" is a period reported on
_ANNIVERSARY_MIN_YEARS = 10


def _anniversary_years(s: str):
    """The last years of the anniversaries' spans in ``s``: the present, as anniversaries are kept
    in their year. The spans are found from their dashes (each looked at once, in a bounded window)."""
    for dash in ("-", "–"):
        q = s.find(dash, 6)
        while q >= 0:
            e = q - 1 if s[q - 1] == " " else q
            if s[e - 1].isdigit() and (sp := _SPAN_FROM.search(s, max(0, q - _SPAN_FROM_WINDOW), q)) is not None \
                    and (until := _SPAN_UNTIL.match(s, q)) is not None:
                y = int(until.group("y"))
                if (int(sp.group("d")), int(sp.group("m"))) == (int(until.group("d")), int(until.group("m"))) \
                        and y - int(sp.group("y")) >= _ANNIVERSARY_MIN_YEARS:
                    yield y
            q = s.find(dash, q + 1)


def _is_commemorated(s: str, at: int) -> bool:
    """Does the day word (or bracket) at ``at`` in ``s`` name a commemorated day?"""
    return _COMMEMORATED.search(s, max(0, at - _COMMEMORATED_WINDOW), at) is not None


def _opens_anniversary_span(s: str, end: int, day: int, month: int) -> bool:
    """Is the dated day ``day``/``month`` whose year ends at ``end`` the first of an anniversary's
    span ("30/4/1975 - 30/4/2017")?"""
    m = _SPAN_TO.match(s, end)
    return m is not None and (int(m.group("d")), int(m.group("m"))) == (day, month)


# The words a match of _EVENT (resp. _EVENT_RANGE, _MONTH_YEAR) starts with: these
# case-insensitive patterns open with a look-behind or an alternation, so ``search`` would try
# them at every position; they are tried only where one of the words starts (``_word_starts``).
_TOD_WORDS = ("rạng", "sáng", "chiều", "tối", "trưa", "đêm", "ngày", "hôm")
_RANGE_WORDS = ("từ",)
_MONTH_WORDS = ("tháng",)


def _word_starts(s: str, words: tuple[str, ...], low: str | None = None) -> list[int] | None:
    """Sorted positions where one of ``words`` (lower case) starts in ``s``, case-insensitively as
    ``re.I`` reads it; None when ``str.lower`` cannot tell (a letter whose lower case is longer
    shifts positions; "ı" and "ſ" match "i" and "s" under ``re.I`` but do not lower to them).
    ``low``: ``s.lower()``, when the caller has it."""
    if low is None:
        low = s.lower()
    if len(low) != len(s) or "ı" in s or "ſ" in s:
        return None
    return find_all(low, words)


def _matches_at(rx: re.Pattern[str], s: str, starts: list[int] | None):
    """The matches of ``rx`` in ``s`` left to right, given ``starts``: sorted positions that include
    every possible match start (None: any). Overlapping ones too: a match the caller refuses (a
    date of issue) must not hide one that starts inside it."""
    if starts is None:
        pos = 0
        while (m := rx.search(s, pos)) is not None:
            yield m
            pos = m.start() + 1
        return
    for c in starts:
        m = rx.match(s, c)
        if m:
            yield m


# (position, day, month, year or None, opens a clause or has a time-of-day word, weekday printed
# with it or None)
_Event = tuple[int, int, int, "int | None", bool, "int | None"]
# what may stand right before a clause's first word
_CLAUSE_BREAKS = ",;:.(–-—\"“"


def _opens_clause(s: str, i: int) -> bool:
    """Does the word at ``i`` open the text or a clause ("Ngày 3/6/2017, Tổng Bí thư ...", "...,
    chiều ngày 8/6, ...")? Not "sinh ngày 9/2/1907", "từ trước ngày 15/9/2016"."""
    j = i - 1 if i and s[i - 1] == " " else i
    return j == 0 or s[j - 1] in _CLAUSE_BREAKS


def _events(s: str, low: str):
    """One iterator per form of event day in ``s`` (spaces squashed; ``low`` lower-cased), each
    yielding ``_Event`` in text order. Dates of issue and commemorated days are left out, and
    so is a day or month out of range."""
    def plain():
        for m in _matches_at(_EVENT, s, _word_starts(s, _TOD_WORDS, low)):
            wm = m.group("wm")
            d, mo, y = int(m.group("d")), int(wm or m.group("m")), m.group("wy" if wm else "y")
            if (1 <= mo <= 12 and 1 <= d <= 31 and not _is_issue_date(s, m.start("d"))
                    and not _is_commemorated(s, m.start())
                    and not (y and _opens_anniversary_span(s, m.end(), d, mo))):
                # a day named by "ngày" or "hôm" alone may be any day ("sinh ngày ..."); by the time
                # of day ("Sáng", "chiều ngày") it is an event's
                bare = low.startswith(("ngày", "hôm"), m.start())
                yield (m.start(), d, mo, int(y) if y else None, not bare or _opens_clause(s, m.start()),
                       _weekday_at(s, m))

    def bracketed():
        for m in _matches_at(_EVENT_PAREN, s, None):     # starts with "(": ``search`` jumps to it already
            d, mo = int(m.group("d")), int(m.group("m"))
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            after = _PAREN_AFTER.search(s, max(0, m.start() - 12), m.start())
            if after and not _is_commemorated(s, after.start()):
                yield m.start(), d, mo, None, True, _weekday_at(s, after)

    def ranged():
        for m in _matches_at(_EVENT_RANGE, s, _word_starts(s, _RANGE_WORDS, low)):
            d, mo = int(m.group("d")), int(m.group("m1") or m.group("m"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                yield m.start(), d, mo, None, True, None

    return plain(), bracketed(), ranged()


def _first_event(text: str, ok: Callable[[_Event], bool]) -> _Event | None:
    """The first event day named in ``text`` (usually the lead) for which ``ok(event)`` holds, by
    its place in the text."""
    s = text[:2000]
    if not s.isprintable() or "  " in s:      # (printable text has no white space but " ")
        s = _SPACES.sub(" ", s)
    best: _Event | None = None
    for found in _events(s, s.lower()):
        for ev in found:
            if best is not None and ev[0] >= best[0]:
                break
            if ok(ev):
                best = ev
                break
    return best


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_event_day(text: str) -> tuple[int, int] | None:
    """The first event day (day, month) named without its year in ``text`` (usually the lead), or None."""
    ev = _first_event(text, lambda ev: ev[3] is None)
    return (ev[1], ev[2]) if ev else None


def lead_event_date(lead: str, retrieved: date | None, not_before: int = 0) -> date | None:
    """The article's day from the first event named in its lead: printed with its year, on or
    before ``retrieved`` if there is one; without its year, only given ``retrieved`` (the latest
    such day on or before it). Without ``retrieved``, the event must open a clause unless a time
    of day names it: nothing else vouches for it. A day printed with a year before ``not_before``
    (the latest a document the text cites was issued in) is history, not the article's."""
    def day_of(d: int, mo: int, y: int | None, wd: int | None = None) -> date | None:
        if y is not None:
            full = _day(y, mo, d) if y >= not_before else None
            return full if full is not None and (retrieved is None or full <= retrieved) else None
        return resolve_event_day(d, mo, retrieved, wd) if retrieved is not None else None

    if retrieved is None:
        # the first event must print its year: a later one ("... có hiệu lực từ ngày 1/1/2019")
        # after a day without one ("Sáng 23/5, ...") is not the article's
        ev = _first_event(lead, lambda ev: ev[4] and (ev[3] is None or ev[3] >= not_before
                                                      and _day(ev[3], ev[2], ev[1]) is not None))
    else:
        ev = _first_event(lead, lambda ev: day_of(ev[1], ev[2], ev[3]) is not None)
    return day_of(ev[1], ev[2], ev[3], ev[5]) if ev else None


def cited_since(texts: list[str]) -> int:
    """The latest year a document the texts cite was issued in ("Công văn số 822-CV/BTGTU, ngày
    18/4/2019": 2019), 0 for none: the text is not older."""
    floor = 0
    for t in texts:
        if _DIGIT.search(t) is not None:
            for m in _full_dates(t):
                if int(m.group("y")) > floor and _is_issue_date(t, m.start()):
                    floor = int(m.group("y"))
    return floor


# an anniversary's count: "kỷ niệm 60 năm", "kỷ niệm tròn 60 năm", "kỷ niệm lần thứ 60", matched
# from "niệm" (found with ``str.find``) at a bounded place
_ANNIVERSARY_COUNT = re.compile(r"niệm\s(?:tròn\s)?(?:(?P<n>\d{1,3})\snăm|lần\sthứ\s(?P<k>\d{1,3})(?!\d))")
_ANNIVERSARY_BEFORE = re.compile(r"k[ỷỉ]\s$")
_ANNIVERSARY_TEXTS = 6   # the first blocks looked at: the lead and the paragraphs after it


def anniversary_year(origin: int, texts: list[str], lowered: list[str] | None = None,
                     not_after: int | None = None) -> int | None:
    """The year of an anniversary the texts name ("kỷ niệm 60 năm", "kỷ niệm lần thứ 60") counted
    from ``origin`` (1964 + 60 = 2024): the lead's day of ``origin`` is then the anniversary's
    origin, history. The first such that is neither after ``not_after`` (the day the page was
    saved, else the last year a dateline may have), nor printed in the count's own sentence with the
    origin's year (that day is the celebration's) nor with its own origin printed
    in the texts (``origin`` - the count, "thành lập năm 1964" beside "Ngày 13/4/2024, ... kỷ niệm
    60 năm": the lead's day is the celebration's); None when there is none. Only the first blocks
    are read, "niệm" found by ``str.find``."""
    # (no page date: only the years any dateline may have bound it; the clock is not read, so that a
    # build's records do not depend on the day it runs)
    last = min(not_after, DATELINE_YEARS[1]) if not_after is not None else DATELINE_YEARS[1]
    head = texts[:_ANNIVERSARY_TEXTS]
    for i, t in enumerate(head):
        low = lowered[i] if lowered is not None else t.lower()
        q = low.find("niệm")
        while q >= 0:
            if _ANNIVERSARY_BEFORE.search(low, max(0, q - 4), q) is not None \
                    and (m := _ANNIVERSARY_COUNT.match(low, q)) is not None:
                n = int(m.group("n") or m.group("k"))
                y = origin + n
                if n >= 1 and y <= last and not any(str(origin - n) in x for x in head) \
                        and not _in_sentence(t, q, str(origin)):
                    return y
            q = low.find("niệm", q + 4)
    return None


def _in_sentence(t: str, at: int, word: str) -> bool:
    """Is ``word`` printed in the sentence of ``t`` around ``at``? ("Ngày 20/10/2018, Trường tổ chức
    lễ kỷ niệm 50 năm ...": the day with that year is the celebration's, not the origin's.)"""
    start = t.rfind(". ", 0, at) + 1
    end = t.find(". ", at)
    return t.find(word, start, end if end >= 0 else len(t)) >= 0


def weekday_event_in_year(lead: str, year: int) -> date | None:
    """The first event day named without its year in ``lead``, in ``year``, when it is printed with
    its weekday and the weekday fits that year ("Sáng thứ Hai (7/6)" and 2021): the text fixed the
    year, the weekday confirms the day is of that year. None otherwise."""
    ev = _first_event(lead, lambda ev: ev[3] is None)
    if ev is None or ev[5] is None:
        return None
    day = _day(year, ev[2], ev[1])
    return day if day is not None and day.weekday() == ev[5] else None


# how far back an event day's year is looked for: a page saved years after it was published
_EVENT_YEARS_BACK = 8


def resolve_event_day(day: int, month: int, retrieved: date, weekday: int | None = None) -> date | None:
    """The latest date with this day and month on or before ``retrieved``; with the ``weekday``
    printed beside it ("Sáng thứ Hai (7/6)"), the latest such date on that weekday, when one of
    the years looked at has it (else the weekday is a misprint, and the latest date is taken)."""
    latest = None
    for year in range(retrieved.year, retrieved.year - _EVENT_YEARS_BACK - 1, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue  # 29/2 in a non-leap year
        if d <= retrieved:
            if weekday is None or d.weekday() == weekday:
                return d
            latest = latest or d
    return latest


# --- year-only evidence --------------------------------------------------------------------

# "năm 2024", "quý 1 năm 2024", "đầu năm 2024"; not targets ("đến năm 2030"), not ranges
# ("nhiệm kỳ 2020 - 2025", "giai đoạn 2016-2020"), not codes ("54/2017/NQ-QH").
_YEAR = re.compile(r"(?P<pre>\b\w+\s)?năm\s(?P<y>(?:19[4-9]|20\d)\d)(?!\s?[-–]\s?\d)(?![/\d])", re.I)
_NOT_NOW = {"đến", "tới", "trước", "từ", "sau", "vào", "hướng", "khóa", "khoá", "kỳ", "tầm", "nhìn"}
# (``\b`` before the first digit written as a look-behind after "19"/"20": the same test, but the
# scan can skip to those digits)
_RANGE = re.compile(r"(?:19|20)(?<!\w..)\d\d\s?[-–]\s?(?:19|20)\d\d\b")


def _may_hold_range(t: str) -> bool:
    """Can ``_RANGE`` match in ``t``? Its dash follows a year, perhaps with one white space
    character between; most dashes in text ("kinh tế - xã hội", "05-CT/TW") do not, and looking
    at each is far cheaper than running the regex over the whole text."""
    for dash in ("-", "–"):
        q = t.find(dash, 4)
        while q >= 0:
            end = q - 1 if t[q - 1].isspace() else q      # where the year would end
            if t[end - 1].isdigit() and t[end - 2].isdigit() and t[end - 4:end - 2] in ("19", "20"):
                return True
            q = t.find(dash, q + 1)
    return False


_NOW_WORDS = {"đầu", "cuối", "giữa", "nay"}
_PERIOD_BEFORE = re.compile(r"(?:(?P<quarter>quý)|tháng)\s?$", re.I)
_MONTHS_BEFORE = re.compile(r"tháng\s?$", re.I)
_MONTH_YEAR = re.compile(r"\btháng\s(?:0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<y>(?:19[4-9]|20\d)\d)(?![\d/])", re.I)
# (the look-behind after the first digit: the same test, but the scan can skip to the digits)
_FULL_DATE = re.compile(r"\d(?<![\d/.\-]\d)\d?\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?P<y>(?:19[4-9]|20\d)\d)(?![\d/])")
# _YEAR from "năm" on, for lower-cased text: a literal start the scan can jump to
_YEAR_CORE = re.compile(r"năm\s(?P<y>(?:19[4-9]|20\d)\d)(?!\s?[-–]\s?\d)(?![/\d])")
_YEAR_MIN_SCORE = 3
# years between a day the lead prints with its year and a later year the text names as past or
# present, from which that day is history, not the article's (a year or two later is as often a
# plan's or the next season's, in a text of the event's day)
_HISTORY_GAP = 10
_PRESENT_SCORE = 2
# a lunar year named with its spring or its Tết: "Xuân Đinh Dậu 2017", "Tết Nguyên đán Canh Tý
# 2020" (any case; both spellings of the syllables that have two). Its stems and branches must fit
# the year, (year mod 10) and (year mod 12) in these orders, so that a misprint names no year.
_STEMS = {"canh": 0, "tân": 1, "nhâm": 2, "quý": 3, "quí": 3, "giáp": 4, "ất": 5, "bính": 6, "đinh": 7,
          "mậu": 8, "kỷ": 9, "kỉ": 9}
_BRANCHES = {"thân": 0, "dậu": 1, "tuất": 2, "hợi": 3, "tý": 4, "tí": 4, "sửu": 5, "dần": 6, "mão": 7,
             "mẹo": 7, "thìn": 8, "tỵ": 9, "tị": 9, "ngọ": 10, "mùi": 11}
_LUNAR_YEAR = re.compile(
    r"(?<!\w)(?:xuân|tết(?:\snguyên\sđán)?)\s"
    rf"(?P<stem>{'|'.join(_STEMS)})\s(?P<branch>{'|'.join(_BRANCHES)})\s(?P<y>(?:19[4-9]|20\d)\d)(?![/\d])",
    re.I)


def _lunar_years(t: str):
    """The years of the lunar years named in ``t`` whose names fit them."""
    for m in _LUNAR_YEAR.finditer(t):
        y = int(m.group("y"))
        if _STEMS[m.group("stem").lower()] == y % 10 and _BRANCHES[m.group("branch").lower()] == y % 12:
            yield y


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"      # the regex ``\w``


def _year_mentions(t: str, low: str):
    """(start, pre, year) of every ``_YEAR`` match in ``t``, as ``_YEAR.finditer`` yields them;
    ``low`` is ``t.lower()``.

    ``_YEAR`` starts with an optional word, so the regex would be tried at every position; here
    "năm YYYY" is found from its literal start in the lower-cased text and the word before it is
    read by hand: the word right before "năm" and one white-space character, when it does not
    reach into the previous match (the regex resumes after it and a word cannot start mid-word).
    """
    if len(low) != len(t):      # rare letters whose lower case is longer: positions would shift
        for m in _YEAR.finditer(t):
            yield m.start(), m.group("pre"), m.group("y")
        return
    prev_end = 0
    for m in _YEAR_CORE.finditer(low):
        p = start = m.start()
        pre = None
        if p >= 2 and t[p - 1].isspace() and _is_word(t[p - 2]):
            q = p - 2
            while q > 0 and _is_word(t[q - 1]):
                q -= 1
            if q >= prev_end:
                start, pre = q, t[q:p]
        prev_end = m.end()
        yield start, pre, m.group("y")


def _month_years(t: str, low: str):
    """``_MONTH_YEAR.finditer(t)``, the regex tried only where "tháng" starts (any case); ``low``
    is ``t.lower()``."""
    starts = _word_starts(t, _MONTH_WORDS, low)
    return _MONTH_YEAR.finditer(t) if starts is None else finditer_at(_MONTH_YEAR, t, starts)


# A _FULL_DATE match is 4 to 10 characters of day, month and separators, then the year, which
# opens with "19" or "20" right after a separator and perhaps one white space character.
_FULL_DATE_LEAD = (4, 10)
_DATE_SEPARATORS = "/.-"


def _full_dates(t: str):
    """``_FULL_DATE.finditer(t)``, the regex tried only where a match can start: 4 to 10
    characters before a "19" or "20" that follows a separator (the year), found with ``str.find``."""
    starts: set[int] = set()
    lo_lead, hi_lead = _FULL_DATE_LEAD
    for head in ("19", "20"):
        y = t.find(head, 2)
        while y >= 0:
            before = t[y - 1]
            if before in _DATE_SEPARATORS or before.isspace() and t[y - 2] in _DATE_SEPARATORS:
                starts.update(range(max(0, y - hi_lead), y - lo_lead + 1))
            y = t.find(head, y + 1)
    return finditer_at(_FULL_DATE, t, sorted(starts)) if starts else ()


def find_year(texts: list[str], not_after: int | None = None, lowered: list[str] | None = None) -> int | None:
    """The year the text is from, when the text fixes it ("quý 1 năm 2024").

    Each mention scores: a period of the year as the present ("quý 1 năm 2024", "đầu năm 2024") 2,
    a plain "năm 2024", "tháng 6/2017" or a full date 1. Targets ("đến năm 2030"), ranges
    ("2016-2020") and documents' dates of issue ("Chỉ thị số 20-CT/TU ngày 2/3/2017") do not
    count; but the text is not older than a document it cites, so no year before such a date's
    wins. The best score wins (on a tie, a year with a period reported on, then the later year);
    it fixes the year when it scored 3, or names a period reported on ("quý 1 năm 2024", "6 tháng
    đầu năm 2024") once: a few passing mentions of a past year ("tháng 8/1945", "ngày 2/9/1969",
    "cuối năm 2004") fix nothing.
    ``lowered``: each text lower-cased, when the caller has them.
    """
    counts, periods = _year_counts(texts, not_after, lowered)
    if not counts:
        return None
    year, score = max(counts.items(), key=lambda kv: (kv[1], kv[0] in periods, kv[0]))
    return year if score >= _YEAR_MIN_SCORE or year in periods else None


def latest_year(texts: list[str], not_after: int | None = None, lowered: list[str] | None = None) -> int | None:
    """The latest year the texts name as a past or present one, as ``find_year`` counts them
    (targets, ranges and documents' dates of issue left out; one passing mention is enough), or
    None: the text is not older than that year."""
    counts = _year_counts(texts, not_after, lowered)[0]
    return max(counts) if counts else None


_YEAR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _names_year_from(texts: list[str], first: int) -> bool:
    """Some text prints a year ``first`` or later (a quick look, before ``latest_year`` counts)."""
    return any(int(m.group()) >= first for t in texts for m in _YEAR_DIGITS.finditer(t))


def _year_counts(texts: list[str], not_after: int | None, lowered: list[str] | None
                 ) -> tuple[Counter[int], set[int]]:
    """``find_year``'s scores of each year, and the years named with a period reported on."""
    counts: Counter[int] = Counter()
    periods: set[int] = set()      # years named with a period reported on
    floor = 0                      # the latest year a cited document was issued in

    def add(y: int, w: int, period: bool = False) -> None:
        if not_after is None or y <= not_after:
            counts[y] += w
            if period:
                periods.add(y)

    for i, t in enumerate(texts):
        if not _DIGIT.search(t):     # every pattern below needs digits
            continue
        low = lowered[i] if lowered is not None else None
        if _may_hold_range(t):
            t, ranges = _RANGE.subn(" ", t)
            if ranges:
                low = None
        if "năm" in t or "Năm" in t:
            if low is None:
                low = t.lower()
            for start, pre, y in _year_mentions(t, low):
                pre = (pre or "").strip().lower()
                if pre in _NOT_NOW:
                    continue
                numbered = pre[:1].isdigit() or pre in ("i", "ii", "iii", "iv")
                pm = _PERIOD_BEFORE.search(t, max(0, start - 8), start) if numbered else None
                strong = pre in _NOW_WORDS or pm is not None
                # a period reported on ("quý 1 năm 2024", "6 tháng đầu năm 2024", "những tháng cuối
                # năm 2017") is the present; a point in a year ("cuối năm 2004, Công an ...", "từ
                # đầu năm 2014 đến nay") is as often a past one
                period = (pm is not None and pm.group("quarter") is not None
                          or pre in ("đầu", "cuối") and bool(_MONTHS_BEFORE.search(t, max(0, start - 8), start)))
                add(int(y), _PRESENT_SCORE if strong else 1, period)
        if "tháng" in t or "Tháng" in t:
            if low is None:
                low = t.lower()
            for m in _month_years(t, low):
                add(int(m.group("y")), 1)
        for y in _lunar_years(t):   # the spring of a lunar year is the present, as a period is
            add(y, _PRESENT_SCORE)
        for m in _full_dates(t):
            y = int(m.group("y"))
            if _is_issue_date(t, m.start()):
                if not_after is None or y <= not_after:
                    floor = max(floor, y)
            else:
                add(y, 1)
        if "-" in t or "–" in t:
            for y in _anniversary_years(t):     # "(19/5/1890 – 19/5/2020)": the anniversary is now
                add(y, _PRESENT_SCORE, True)
    return Counter({y: n for y, n in counts.items() if y >= floor}), periods


# --- the decision --------------------------------------------------------------------------


@dataclass(slots=True)
class DateResult:
    date: str | None = None
    time: str | None = None
    basis: str = "none"
    year: int | None = None
    retrieved: str | None = None
    problems: list[Problem] | None = None


def decide_date(header: list[tuple[DateHit, int]], lead: str, texts: list[str],
                header_is_retrieval: bool, lowered: list[str] | None = None,
                impossible: list[tuple[str, int]] | None = None, title_line: int | None = None) -> DateResult:
    """Choose the article's date from the page's date lines, its lead and its body.

    ``header`` holds the date lines found above the body with their line numbers.
    ``header_is_retrieval``: the outlet prints the current date at the top of every page
    (outlets.yaml quirk), so an unlabelled header date is the day the page was saved.
    ``lowered``: ``texts`` lower-cased, when the caller has them.
    ``impossible``: the page's date lines that print no day ("29/02/2019"), with their line numbers.
    ``title_line``: the title's line. A page may print a day in its top bar, above the title, and the
    article's own dateline under it ("Thứ Sáu, ngày 23 tháng 08 năm 2019" / the title / "PV - 10:56,
    18/12/2020"): then the first plain date under the title is the article's.
    """
    res = DateResult(problems=[])
    for printed, line in impossible or ():
        res.problems.append(Problem("bad-date", f"the date line prints {printed}, which is no day; "
                                                "it is not the article's date", line))
    for hit, line in header:
        if not hit.weekday_ok:
            res.problems.append(Problem(
                "weekday-mismatch",
                f"the date line says {_weekday_name(hit.weekday)} but {hit.date:%d/%m/%Y} was a "
                f"{_weekday_name(hit.date.weekday())}", line))
    posted = [h for h, _ in header if h.label == "posted"]
    plain = [h for h, _ in header if h.label is None]
    if len(plain) > 1 and title_line is not None and not header_is_retrieval \
            and any(d < title_line for h, d in header if h.label is None):
        under = [h for h, d in header if h.label is None and d > title_line]
        if under:
            plain = under + [h for h in plain if h not in under]
    updated = [h for h, _ in header if h.label == "updated"]
    dateline: DateHit | None = None
    if posted:
        dateline = posted[0]
    elif plain and not header_is_retrieval:
        dateline = plain[0]
    elif updated and not plain:
        dateline = updated[0]
    retrieved: date | None = None
    if header_is_retrieval and plain:
        retrieved = plain[0].date
        res.retrieved = retrieved.isoformat()
    if dateline is not None:
        res.date, res.time, res.basis = dateline.date.isoformat(), dateline.time, "dateline"
        if res.time == "00:00" and not dateline.seconds:
            # "Đăng lúc: 00:00:00 27/04/2021": a page that keeps no time prints midnight; only a
            # clock's seconds ("00:00:17") say that it was midnight indeed
            res.time = None
        res.year = dateline.date.year
        return res
    ev = lead_event_date(lead, retrieved)
    if ev is not None and (floor := cited_since(texts)) > ev.year:
        # "Ngày 28/6/1909, ... thành lập tỉnh" in a text citing a document of 2019: history
        ev = lead_event_date(lead, retrieved, floor)
    if ev is not None and (present := anniversary_year(ev.year, texts, lowered,
                                                        retrieved.year if retrieved else None)) is not None:
        # "Ngày 13.4.1964, ... thành lập Báo ... Nhân kỷ niệm 60 năm thành lập ...": the lead's day is
        # the anniversary's origin, history; the anniversary's year is the present
        later = lead_event_date(lead, retrieved, present)
        if later is not None:
            res.date, res.basis, res.year = later.isoformat(), "body-event", later.year
            return res
        if find_event_day(lead) == (ev.day, ev.month) and (day := _day(present, ev.month, ev.day)) is not None:
            # "Sáng 13/4, ... lễ kỷ niệm 60 năm ...": the celebration is on the anniversary's day
            res.date, res.basis, res.year = day.isoformat(), "body-event", present
            return res
        res.basis, res.year = "year-only", present
        return res
    if ev is not None and _names_year_from(texts, ev.year + _HISTORY_GAP) \
            and (later := latest_year(texts, retrieved.year if retrieved else None, lowered)) is not None \
            and later - ev.year >= _HISTORY_GAP:
        # "Ngày 3/2/1930, ... thành lập Đảng" in a text that tells of 2019 too: the lead's day is
        # history; a later day in the lead may still be the article's
        ev = lead_event_date(lead, retrieved, later)
    if ev is not None:
        res.date, res.basis, res.year = ev.isoformat(), "body-event", ev.year
        return res
    year = find_year(texts, not_after=retrieved.year if retrieved else None, lowered=lowered)
    if year is not None and (ev := weekday_event_in_year(lead, year)) is not None:
        res.date, res.basis, res.year = ev.isoformat(), "body-event", year
        return res
    if year is not None:
        res.basis, res.year = "year-only", year
        return res
    res.problems.append(Problem("no-date", "no date, event day or year found in the text"))
    return res


def _weekday_name(i: int | None) -> str:
    from ..text import WEEKDAYS

    return WEEKDAYS[i] if i is not None else "?"
