"""Dates: datelines, the retrieval date, event days and year-only evidence (SPEC 3.2).

Day always comes before month. Patterns are bounded (no nested repetition) so that any input is
scanned in linear time.
"""

from __future__ import annotations

import re
from collections import Counter
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
# "Sáng 7/6", "Chiều 10.2", "Ngày 7-6", not "12/12 phường" (no time-of-day word before it).
_EVENT = re.compile(
    r"(?<![\w/])" + _TIME_OF_DAY + r"\s(?:ngày\s)?(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})(?!\d)(?!\s?[/.\-]\s?\d)",
    re.I,
)
# "Sáng 7/6/2019", "Chiều ngày 10-2-2017": an event day with its year printed
_EVENT_FULL = re.compile(
    r"(?<![\w/])" + _TIME_OF_DAY + r"\s(?:ngày\s)?(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d\d)(?!\d)", re.I)
# "(29 và 30/11)", "(29-30/11)", "(7/6)", "từ ngày 29 đến 30/11"
_EVENT_PAREN = re.compile(
    r"\((?:ngày\s)?(?P<d>\d{1,2})(?:\s?(?:và|-|–|đến)\s?\d{1,2})?\s?[/.\-]\s?(?P<m>\d{1,2})\)", re.I)
_EVENT_RANGE = re.compile(
    r"\btừ\sngày\s(?P<d>\d{1,2})(?:\s?[/.\-]\s?(?P<m1>\d{1,2}))?\s(?:đến|tới)\s(?:ngày\s)?\d{1,2}\s?[/.\-]\s?(?P<m>\d{1,2})(?!\d)(?!\s?[/.\-]\s?\d)",
    re.I)


# The words a match of _EVENT / _EVENT_FULL (resp. _EVENT_RANGE, _MONTH_YEAR) starts with: these
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


def _search_at(rx: re.Pattern[str], s: str, starts: list[int] | None) -> re.Match[str] | None:
    """``rx.search(s)``, given ``starts``: sorted positions that include every possible match start."""
    if starts is None:
        return rx.search(s)
    for c in starts:
        m = rx.match(s, c)
        if m:
            return m
    return None


def find_event_day(text: str) -> tuple[int, int] | None:
    """The first event day (day, month) named in ``text`` (usually the lead), or None."""
    s = text[:2000]
    if not s.isprintable() or "  " in s:      # (printable text has no white space but " ")
        s = _SPACES.sub(" ", s)
    best: tuple[int, int, int] | None = None
    low = s.lower()
    for rx in (_EVENT, _EVENT_PAREN, _EVENT_RANGE):
        if rx is _EVENT_PAREN:
            m = rx.search(s)       # starts with "(": ``search`` jumps to it already
        else:
            m = _search_at(rx, s, _word_starts(s, _TOD_WORDS if rx is _EVENT else _RANGE_WORDS, low))
        if m:
            d, mo = int(m.group("d")), int(m.group("m"))
            if rx is _EVENT_RANGE and m.group("m1"):
                mo = int(m.group("m1"))
            if 1 <= mo <= 12 and 1 <= d <= 31 and (best is None or m.start() < best[0]):
                best = (m.start(), d, mo)
    return (best[1], best[2]) if best else None


def find_event_date(text: str) -> date | None:
    """An event day printed with its year in ``text`` ("Sáng 7/6/2019"), or None."""
    s = text[:2000]
    m = _search_at(_EVENT_FULL, s, _word_starts(s, _TOD_WORDS))
    if not m:
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def resolve_event_day(day: int, month: int, retrieved: date) -> date | None:
    """The latest date with this day and month on or before ``retrieved``."""
    for year in range(retrieved.year, retrieved.year - 3, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue  # 29/2 in a non-leap year
        if d <= retrieved:
            return d
    return None


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
_PERIOD_BEFORE = re.compile(r"(?:quý|tháng)\s?$", re.I)
_MONTH_YEAR = re.compile(r"\btháng\s(?:0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<y>(?:19[4-9]|20\d)\d)(?![\d/])", re.I)
# (the look-behind after the first digit: the same test, but the scan can skip to the digits)
_FULL_DATE = re.compile(r"\d(?<![\d/.\-]\d)\d?\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?P<y>(?:19[4-9]|20\d)\d)(?![\d/])")
# _YEAR from "năm" on, for lower-cased text: a literal start the scan can jump to
_YEAR_CORE = re.compile(r"năm\s(?P<y>(?:19[4-9]|20\d)\d)(?!\s?[-–]\s?\d)(?![/\d])")
_YEAR_MIN_SCORE = 3


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
    a plain "năm 2024", "tháng 6/2017" or a full date 1. Targets ("đến năm 2030") and ranges
    ("2016-2020") do not count. A year needs a score of 3: a few passing mentions of a past year
    ("tháng 8/1945", "ngày 2/9/1969") fix nothing. The best score wins, the later year on a tie.
    ``lowered``: each text lower-cased, when the caller has them.
    """
    counts: Counter[int] = Counter()

    def add(y: int, w: int) -> None:
        if not_after is None or y <= not_after:
            counts[y] += w

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
                strong = pre in _NOW_WORDS or (pre[:1].isdigit() or pre in ("i", "ii", "iii", "iv")) and bool(
                    _PERIOD_BEFORE.search(t, max(0, start - 8), start))
                add(int(y), 2 if strong else 1)
        if "tháng" in t or "Tháng" in t:
            if low is None:
                low = t.lower()
            for m in _month_years(t, low):
                add(int(m.group("y")), 1)
        for m in _full_dates(t):
            add(int(m.group("y")), 1)
    if not counts:
        return None
    year, score = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return year if score >= _YEAR_MIN_SCORE else None


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
                impossible: list[tuple[str, int]] | None = None) -> DateResult:
    """Choose the article's date from the page's date lines, its lead and its body.

    ``header`` holds the date lines found above the body with their line numbers.
    ``header_is_retrieval``: the outlet prints the current date at the top of every page
    (outlets.yaml quirk), so an unlabelled header date is the day the page was saved.
    ``lowered``: ``texts`` lower-cased, when the caller has them.
    ``impossible``: the page's date lines that print no day ("29/02/2019"), with their line numbers.
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
        res.year = dateline.date.year
        return res
    if retrieved is not None:
        full = find_event_date(lead)
        if full is not None and full <= retrieved:
            res.date, res.basis, res.year = full.isoformat(), "body-event", full.year
            return res
        ev = find_event_day(lead)
        if ev:
            d = resolve_event_day(ev[0], ev[1], retrieved)
            if d:
                res.date, res.basis, res.year = d.isoformat(), "body-event", d.year
                return res
    year = find_year(texts, not_after=retrieved.year if retrieved else None, lowered=lowered)
    if year is not None:
        res.basis, res.year = "year-only", year
        return res
    res.problems.append(Problem("no-date", "no date, event day or year found in the text"))
    return res


def _weekday_name(i: int | None) -> str:
    from ..text import WEEKDAYS

    return WEEKDAYS[i] if i is not None else "?"
