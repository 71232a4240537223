"""Dates: datelines, the retrieval date, event days and year-only evidence (SPEC 3.2).

Day always comes before month. Patterns are bounded (no nested repetition) so that any input is
scanned in linear time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..model import Problem
from ..text import find_all, finditer_at

# Weekday names as printed; Monday is 0 as in ``date.weekday()``.
_WEEKDAY_WORDS = {
    "hai": 0, "ba": 1, "tư": 2, "tu": 2, "năm": 3, "nam": 3, "sáu": 4, "sau": 4, "bảy": 5, "bay": 5,
    "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5,
}
_WEEKDAY = r"(?P<wd>th[ứu]\s?(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]\s?nh[ậa]t|cn|t[2-7])"
_LABEL = (r"(?P<label>đăng\s?lúc|đăng\s?ngày|ngày\s?(?:đăng|xuất\s?bản|cập\s?nhật)|cập\s?nhật(?:\s?(?:lúc|ngày))?"
          r"|thời\s?gian(?:\s?(?:đăng|cập\s?nhật|xuất\s?bản))?|xuất\s?bản|ngày|published|posted|updated)")
# a time, in 24 hours or with AM/PM ("SA"/"CH" in Vietnamese: sáng, chiều)
_TIME = r"(?P<{0}h>\d{{1,2}})\s?[:hg]\s?(?P<{0}m>\d{{2}})(?::\d{{2}})?(?:\s?(?P<{0}ap>[ap]\.?m\.?|sa|ch)(?![\w]))?"
_DMY_NUM = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
_DMY_WORDS = r"(?:ngày\s)?(?P<wd2>\d{1,2})\stháng\s(?P<wm>\d{1,2}),?\s(?:năm\s)?(?P<wy>\d{4})"
# ISO 8601, as feeds and page metadata print it: year first, with four digits, so never mistaken
_YMD_ISO = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"

# A line that is a dateline and nothing else (labels, weekday, time, zone allowed around it).
_DATELINE = re.compile(
    r"^\s?(?:" + _LABEL + r"\s?:?\s?)?"
    # the time may come first, before the weekday ("08:30 Thứ Sáu, 24/05/2019")
    r"(?:" + _TIME.format("t0") + r"\s?[|,\-–]?\s?(?=th|ch|cn|t[2-7]))?"
    r"(?:" + _WEEKDAY + r"\s?[,\-–]?\s?)?"
    r"(?:" + _TIME.format("t1") + r"\s?[|,\-–]?\s?)?"
    r"(?:ngày\s)?(?:" + _DMY_NUM + "|" + _DMY_WORDS + "|" + _YMD_ISO + r")"
    r"(?:\s?[,|\-–]?\s?|T)(?:lúc\s)?(?:" + _TIME.format("t2") + r")?"
    r"\s?(?:\(?\s?(?:GMT|UTC)\s?\+\s?0?7(?::?00)?\s?\)?|\+07:?00)?\s?$",
    re.I,
)

# the years a dateline can give, as the years of event days and of year-only evidence ("19xx",
# "20xx"): an archive of the press of these two centuries
DATELINE_YEARS = (1900, 2099)

_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class DateHit:
    date: date
    time: str | None
    weekday: int | None      # as printed, 0 = Monday
    label: str | None        # "posted" | "updated" | None

    @property
    def weekday_ok(self) -> bool:
        return self.weekday is None or self.weekday == self.date.weekday()


def parse_dateline(line: str) -> DateHit | None:
    """Parse a line that holds only a date ("Thứ Sáu, 24/5/2019", "11:13 | 20/05/2016", ...)."""
    hit = read_dateline(line)
    return hit if isinstance(hit, DateHit) else None


def impossible_dateline(line: str) -> str | None:
    """The date a line shaped as a dateline prints when it is no day ("Thứ Sáu, 29/02/2019",
    "24/5/9999"), as printed (d/m/y); None for a dateline that is a day, and for any other line."""
    hit = read_dateline(line)
    return hit if isinstance(hit, str) else None


def read_dateline(line: str) -> DateHit | str | None:
    """Both in one pass: the hit of a dateline, the printed d/m/y of a dateline that is no day
    (``impossible_dateline``), or None for any other line."""
    if len(line) > 160:
        return None
    s = line.strip()
    if not s.isprintable() or "  " in s:      # (printable text has no white space but " ")
        s = _SPACES.sub(" ", s)
    if len(s) > 80 or not _DIGIT.search(s):     # every dateline has a digit
        return None
    m = _DATELINE.match(s)
    if not m:
        return None
    g = m.groupdict()
    if g["d"]:
        printed = g["d"], g["m"], g["y"]
    elif g["iy"]:
        printed = g["id"], g["im"], g["iy"]
    else:
        printed = g["wd2"], g["wm"], g["wy"]
    d, mo, y = (int(x) for x in printed)
    if not DATELINE_YEARS[0] <= y <= DATELINE_YEARS[1]:
        return "/".join(printed)     # "24/5/9999": no page's date
    try:
        day = date(y, mo, d)
    except ValueError:
        return "/".join(printed)
    at = "t0" if g["t0h"] else "t1" if g["t1h"] else "t2"
    hh, mm, ap = g[at + "h"], g[at + "m"], g[at + "ap"]
    time = None
    if hh is not None and int(hh) < 24 and int(mm) < 60:
        h = int(hh)
        if ap and 1 <= h <= 12:   # "10:30 PM", "09:00 CH"
            pm = ap.lower()[0] in "pc"
            h = (h % 12) + (12 if pm else 0)
        time = f"{h:02d}:{int(mm):02d}"
    wd = None
    if g["wd"]:
        w = g["wd"].lower().replace(" ", "")
        if w.startswith(("ch", "cn")):
            wd = 6
        elif len(w) == 2:          # "T6": thứ Sáu
            wd = int(w[1]) - 2
        else:
            wd = _WEEKDAY_WORDS.get(w[3:].strip())
    label = None
    if g["label"]:
        lab = g["label"].lower()
        label = "updated" if "cập" in lab or lab.startswith("updated") else "posted"
    return DateHit(day, time, wd, label)


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
