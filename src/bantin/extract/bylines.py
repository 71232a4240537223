"""Bylines and source credits (SPEC 3.5).

A byline is a short line of one to five name tokens ("Long Hồ", "K.V", "S. Hải", "NGỌC PHÚ"),
optionally with the interviewer mark ("Hương Ly thực hiện", "Minh Minh (thực hiện)"), a work
prefix ("Tin, ảnh: NGUYỄN DUY HIỂN") or an outlet suffix ("Ngọc Thành/VOV.VN"). "Theo TTXVN" is a
source credit: it names an outlet, not an author. Photo credits ("Ảnh: PV") are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UPPER = "A-ZÀ-ỸĐ"
_LOWER = "a-zà-ỹđ"
# One name token: "Hương", "NGỌC", initials "K.V", "H.Thủy", "S.", "N.H.", a hyphenated "Lê-Anh".
_TOKEN = (rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.?)*(?:[{_UPPER}][{_LOWER}]+)?"
          rf"|[{_UPPER}][{_LOWER}]*(?:-[{_UPPER}][{_LOWER}]*)?"
          rf"|[{_UPPER}]+)")
_NAME = rf"{_TOKEN}(?:\s?{_TOKEN}){{0,4}}"
_NAMES = rf"{_NAME}(?:\s?(?:,|-|–|và)\s?{_NAME}){{0,3}}"
_WORK_PREFIX = r"(?i:(?:tin|bài|ảnh|video|clip)(?:\s?(?:,|và|-|\+)\s?(?:tin|bài|ảnh|video|clip))*\s?:\s?)"
_INTERVIEW = r"(?i:\s?\(?\s?(?:thực hiện|ghi)\s?\)?)"
_OUTLET_SUFFIX = r"(?:\s?/\s?(?P<outlet>[A-Za-zĐđ][\w.\-]{1,30}))"

_BYLINE = re.compile(
    rf"^(?:{_WORK_PREFIX})?(?P<name>{_NAMES}){_OUTLET_SUFFIX}?(?P<iv>{_INTERVIEW})?\s?\.?$", re.S)
_CREDIT = re.compile(r"^(?:theo|nguồn\s?:?)\s(?P<outlet>[\w.\-& ]{2,40}?)\s?\.?$", re.I)
_GROUP = re.compile(r"^(?:nhóm\s)?(?:pv|phóng viên|ptv|ctv|nhóm pv)(?:\s\w+)?$", re.I)

_CASE_NAME = re.compile(rf"^{_NAMES}$")  # case-sensitive check that tokens are capitalised


@dataclass(frozen=True, slots=True)
class BylineHit:
    name: str                 # display form
    raw: str                  # as printed
    role: str                 # author | interviewer
    credit_outlet: str | None = None


def title_case(name: str) -> str:
    """"NGỌC PHÚ" -> "Ngọc Phú"; initials and mixed-case names are kept as printed."""
    def fix(word: str) -> str:
        if len(word) > 1 and word.isupper() and "." not in word:
            return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
        return word
    return " ".join(fix(w) for w in name.split())


def parse_byline(line: str, max_len: int = 60) -> BylineHit | None:
    """Parse a standalone byline or credit line; None when the line is not one."""
    s = " ".join(line.split()).strip()
    if not s or len(s) > max_len:
        return None
    if s.lower().startswith(("ảnh", "(ảnh", "nguồn ảnh")) and ":" in s[:8]:
        return None  # a photo credit
    m = _CREDIT.match(s)
    if m:
        return BylineHit(name="", raw=s, role="credit", credit_outlet=m.group("outlet").strip())
    m = _BYLINE.match(s)
    if not m:
        return None
    name = m.group("name").strip(" ,-–")
    if not _CASE_NAME.match(name):
        return None  # lower-case words: a sentence fragment, not a name
    words = name.split()
    if len(words) > 8 or (len(words) == 1 and len(name) < 2):
        return None
    role = "interviewer" if m.group("iv") else "author"
    return BylineHit(name=title_case(name), raw=s, role=role, credit_outlet=m.group("outlet"))
