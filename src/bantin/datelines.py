"""Datelines: the forms in which a page prints its date, as one line (SPEC 3.2).

"Thứ Sáu, 24/5/2019", "11:13 | 20/05/2016", "Cập nhật ngày: 24-05-2019 08:30 (GMT+7)": day always
before month. The extractor reads them above an article's text; the reader reads a front-matter
date written the same way. The pattern is bounded (no nested repetition), so any line is matched in
linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Weekday names as printed; Monday is 0 as in ``date.weekday()``.
_WEEKDAY_WORDS = {
    "hai": 0, "ba": 1, "tư": 2, "tu": 2, "năm": 3, "nam": 3, "sáu": 4, "sau": 4, "bảy": 5, "bẩy": 5, "bay": 5,
    "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5,
}
_WEEKDAY = r"(?P<wd>th[ứu]\s?(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảẩa]y|[2-7])|ch[ủu]\s?nh[ậa]t|cn|t[2-7])"
_LABEL = (r"(?P<label>(?:tin\s|bài\s)?đăng\s?lúc|(?:tin\s|bài\s)?đăng\s?ngày|gửi\s?lúc|gửi\s?ngày|ngày\s?(?:đăng|xuất\s?bản|cập\s?nhật)|cập\s?nhật(?:\s?(?:lúc|ngày))?"
          r"|thời\s?gian(?:\s?(?:đăng|cập\s?nhật|xuất\s?bản))?|xuất\s?bản|ngày|published|posted|updated"
          # a page's metadata, as a scraper copied its field: "date 2025-10-03", "pubdate: ..."
          r"|(?:pub\s?)?date(?:\s?published)?)")
# a time, in 24 hours or with AM/PM ("SA"/"CH" in Vietnamese: sáng, chiều): "08:30", "8h30", "8 giờ 30"
# (the minutes may bear a prime, "11:21'", as some pages print them)
_TIME = r"(?P<{0}h>\d{{1,2}})\s?(?:[:hg]|giờ)\s?(?P<{0}m>\d{{2}})(?::(?P<{0}s>\d{{2}}))?['’′]?(?:\s?(?P<{0}ap>[ap]\.?m\.?|sa|ch)(?![\w]))?"
_DMY_NUM = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
_DMY_WORDS = r"(?:ngày\s)?(?P<wd2>\d{1,2})\stháng\s(?P<wm>\d{1,2}),?\s(?:năm\s)?(?P<wy>\d{4})"
# ISO 8601, as feeds and page metadata print it: year first, with four digits, so never mistaken
_YMD_ISO = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"

# between a dateline's parts: "11:13 | 20/05/2016", "Thứ Sáu, 24/05/2019 • 08:30" (a bullet, or
# a middle dot, where others print a bar)
_SEP = r"[|•·,\-–]"

# "Hà Nội, ngày 5/6/2019", "TP.HCM - 24/5/2019": the place a page is written from, before its date
# (its words are checked for capitals after the match; a weekday or a label is never a place)
_PLACE = r"(?:(?!th[ứu]\s|ch[ủu]\s|cn\b|t[2-7]\b|đăng|ngày|cập|thời|xuất|posted|updated|published)" \
         r"(?P<place>[^\W\d_][^\W\d_.' ]*\.?(?:\s?[^\W\d_][^\W\d_.' ]*\.?){0,4})\s?[,\-–]\s?(?=ngày\s|\d))?"

# A line that is a dateline and nothing else (labels, weekday, time, zone allowed around it).
_DATELINE = re.compile(
    r"^\s?" + _PLACE + r"(?:" + _LABEL + r"\s?:?\s?)?"
    # the time may come first, before the weekday ("08:30 Thứ Sáu, 24/05/2019")
    r"(?:" + _TIME.format("t0") + r"\s?" + _SEP + r"?\s?(?=th|ch|cn|t[2-7]))?"
    r"(?:" + _WEEKDAY + r"\s?[,\-–•·|]?\s?)?"
    r"(?:" + _TIME.format("t1") + r"\s?" + _SEP + r"?\s?)?"
    r"(?:ngày\s)?(?:" + _DMY_NUM + "|" + _DMY_WORDS + "|" + _YMD_ISO + r")"
    r"(?:\s?" + _SEP + r"?\s?|T)(?:lúc\s)?(?:" + _TIME.format("t2") + r")?"
    r"\s?(?:[(\[]?\s?(?:GMT|UTC)\s?\+\s?0?7(?::?00)?\s?[)\]]?|\+07:?00)?\s?$",
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
    place: str | None = None  # the place printed before the date ("Hà Nội, ngày 5/6/2019")
    seconds: int | None = None  # the time's seconds, when printed ("00:00:17")

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
    place = g["place"]
    if place is not None and not all(w[0].isupper() for w in place.replace(".", ". ").split()):
        return None               # "sáng nay, 5/6/2019": a place's every word has a capital
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
    hh, mm, ap, ss = g[at + "h"], g[at + "m"], g[at + "ap"], g[at + "s"]
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
    return DateHit(day, time, wd, label, place, int(ss) if time is not None and ss is not None else None)
