"""Directive references in an article (SPEC 3.3): codes, short forms, named forms, scope.

Pipeline, eyecite-style:
1. tokenise: full codes ("05-CT/TƯ", "27/CT-TTg", "54/2017/NQ-QH", "Nghị định 24/2014"), plenum
   names ("Nghị quyết Trung ương 4 (khóa XII)") and short forms ("Chỉ thị số 02") are found with
   regexes whose quantifiers are all bounded, so scanning is linear in the text size;
2. full codes become documents (canonical code + scope for local issuers); numbers listed before
   a code ("Nghị quyết số 18, 19-NQ/TW") are documents of its kind and issuer;
3. short forms resolve to a full form of the same kind and number in the article (the nearest one
   before, else the first), else through the registry's short-form aliases (with their context
   condition), else they are reported as ``unresolved-reference``; numbers listed after a short
   form ("Chỉ thị 03, 05", "Chỉ thị số 03 và 05") are short forms of their own;
4. named forms resolve through the registry; the others are reported.

Matching is done on an index-aligned folded copy of each text (``_fold_aligned``: no diacritics,
lower case, same length), so spans map back to the original for display.

Scope of local codes (TU, QU, HU, TXU, ĐU, ĐUK, UBND, HĐND): the issuing body named with its place
(or an alias of it) nearest the mention, in its sentence and before it first ("Tỉnh ủy Quảng Ninh",
"Huyện ủy Thanh Trì", "UBND thành phố Hà Nội", "Thành ủy TP.HCM") wins; else
the article's primary locality (its province for TU/ĐU/ĐUK/UBND/HĐND, its district for QU/HU/TXU);
else the best-mentioned province/district among ``localities``. When no locality is known the key
is the bare code (scope None) and an ``ambiguous-locality`` problem says so.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

from ..model import DirectiveRef, Locality, Problem
from ..text import find_all, finditer_at, fold, fold_chars, fold_lower_chars, nfc

if TYPE_CHECKING:  # pragma: no cover
    from ..registry import Registry, RegistryEntry

# --- code vocabulary ---------------------------------------------------------------------------

# kind letters in a code -> display kind (state documents / Party documents)
KIND_ABBR = {
    "CT": "Chỉ thị", "NQ": "Nghị quyết", "KL": "Kết luận", "QĐ": "Quyết định", "QĐNS": "Quyết định",
    "QĐi": "Quy định",      # the Central Committee's 2018+ Quy định are coded "08-QĐi/TW"
    "HD": "Hướng dẫn", "KH": "Kế hoạch", "TB": "Thông báo", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
    # joint documents of several issuers ("01/2016/NQLT-CP-UBTƯMTTQVN")
    "NQLT": "Nghị quyết liên tịch", "CTLT": "Chỉ thị liên tịch", "QĐLT": "Quyết định liên tịch",
    "HDLT": "Hướng dẫn liên tịch",
}
PARTY_KIND_NAME = {"TT": "Thông tri", "QĐ": "Quyết định"}

# kind words -> (display, kind letters)
KIND_WORDS = {
    "chi thi": ("Chỉ thị", "CT"), "nghi quyet": ("Nghị quyết", "NQ"), "ket luan": ("Kết luận", "KL"),
    "quy dinh": ("Quy định", "QĐ"), "quyet dinh": ("Quyết định", "QĐ"), "huong dan": ("Hướng dẫn", "HD"),
    "ke hoach": ("Kế hoạch", "KH"), "thong bao": ("Thông báo", "TB"), "thong tri": ("Thông tri", "TT"),
    "nghi dinh": ("Nghị định", "NĐ"), "thong tu": ("Thông tư", "TT"),
}

PARTY_ISSUERS = {"TW", "TU", "QU", "HU", "TXU", "ĐU", "ĐUK", "QUTW", "ĐUQSTW", "ĐUCA", "BCSĐ"}
STATE_ISSUERS = {"TTg", "CP", "QH", "UBND", "HĐND", "UBTVQH"}
LOCAL_ISSUERS = {"TU", "QU", "HU", "TXU", "ĐU", "ĐUK", "UBND", "HĐND"}
DISTRICT_ISSUERS = {"QU", "HU", "TXU"}
ISSUER_NAMES = {
    "TW": "Trung ương", "TU": "Tỉnh ủy", "QU": "Quận ủy", "HU": "Huyện ủy", "TXU": "Thị xã ủy",
    "ĐUK": "Đảng ủy khối", "ĐU": "Đảng ủy", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội",
    "CP": "Chính phủ", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "QUTW": "Quân ủy Trung ương",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
}
_MIXED_CASE = {"TTG": "TTg"}

# --- regexes (all quantifiers bounded: linear time) -------------------------------------------

_S = r"[ \t\u00a0]{0,2}"
_D = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_L = r"[A-Za-zĐđƯư]"
# an issuer: letters, or dash-joined groups of them; "T.Ư" / "T.W" (Trung ương) with its dot
_ISS = rf"(?:[Tt]\.{_S}[ƯưWw]|{_L}{{1,8}}(?:{_S}{_D}{_S}{_L}{{1,10}}){{0,3}})"

CODE_RE = re.compile(
    # (the look-behind after the first digit: the same test, but the scan can skip to the digits)
    # ("số05-CT/TW": the word "số" glued to its number, a space lost in the scrape)
    rf"(?P<num>\d(?:(?<=[Ss][ốỐ]\d)|(?<![\w/.\-\u2013\u2014]\d))\d{{0,4}}[a-zA-Z]?)(?:"
    rf"(?:{_S}{_D}{_S}|(?P<sp>[ \t\u00a0]{{1,2}})|(?P<sl>/))(?P<pk>{_L}{{1,6}}){_S}/{_S}(?P<pi>{_ISS})"   # 05-CT/TW, 05 CT/TW, 05/CT/TW
    rf"|(?:{_S}(?P<ysep>[-/]){_S}(?P<yr>(?:19|20)\d\d))?{_S}/{_S}(?P<sk>{_L}{{1,6}}){_S}(?:{_D}|(?(yr)(?P<ks>/)|(?!))){_S}(?P<si>{_ISS})(?:(?<=QH)\d{{1,2}})?"  # 27/CT-TTg
    # (with its year, a slash may stand for the dash after the kind: "183/2010/TTLT/BTC-BNN")
    rf"|/(?P<yr2>(?:19|20)\d\d)/(?P<ci>CP|UBTVQH|QH|TT[gG])(?:\d{{1,2}})?"   # 108/2014/CP, 54/2017/QH14 (kind
                                                                            # from the word; the term dropped)
    rf"|/(?P<ci2>CP|TT[gG])"                                                 # 41/TTg, 64/CP (kind from the word)
    rf")(?![\w])"
)

# Every code has a slash at most 19 characters after its start, and a match with its look-ahead
# reads at most 87 characters from its start: ``_code_matches`` searches only near slashes.
_CODE_LEAD = 30
_CODE_REACH = 100


def _code_matches(t: str):
    """``CODE_RE.finditer(t)``, with the regex run only near the slashes of ``t``.

    A match starting at p has its first slash in (p, p + _CODE_LEAD]; so from the first slash q at
    or after the last match's end, the search starts at q - _CODE_LEAD (or that end), and a match
    that starts at or before q is the one ``finditer`` yields next (what a match starting there
    reads lies before ``endpos``); else the next slash is tried.
    """
    n = len(t)
    pos = 0
    q = t.find("/")
    while q >= 0:
        lo = q - _CODE_LEAD
        if lo < pos:
            lo = pos
        m = CODE_RE.search(t, lo, min(n, q + _CODE_REACH))
        if m is not None and m.start() <= q:
            yield m
            pos = m.end()
            q = t.find("/", pos if pos > q else q + 1)
        else:
            q = t.find("/", q + 1)


_KINDW = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
# a document's kind word (and "số") right before where a code starts: the layout asks it too
KIND_BEFORE = re.compile(rf"(?:^|[^a-z])({_KINDW})(?:\s(?:so|so:))?[\s:]{{0,3}}$")
_KIND_NEAR = re.compile(rf"(?<![a-z])({_KINDW})(?![a-z])")
_EXCLUDE_BEFORE = re.compile(
    r"(?:cong van|cong dien|to trinh|bao cao|giay gioi thieu|giay moi|chuong trinh|de an|phap lenh)"
    r"(?:\s(?:so|so:))?[\s:]{0,3}$")
_BARE_DECREE = re.compile(r"(?<![a-z])nghi dinh(?:\sso)?\s{1,2}(\d{1,4})/((?:19|20)\d\d)(?![\w/-])")
# (a number may have a capital O typed for a zero, "Chỉ thị số O5": see ``_short_num``)
_SHORT_RE = re.compile(
    rf"(?<![a-z])({_KINDW})(\s{{1,2}}so:?)?\s{{1,2}}([\do]{{1,4}}[a-z]?)(?![\w])")
_ORD = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
        "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "muoi ba": 13, "muoi bon": 14,
        "muoi lam": 15}
_ORDW = "|".join(sorted(_ORD, key=len, reverse=True))
_TERM = r"(?:[ivxl]{1,6}|\d{1,2})(?![a-z0-9])"
# "Trung ương" in a plenum name, and its abbreviations "TƯ", "TW", "T.Ư", "T.W" (folded)
_TW = r"(?:trung uong|tw|tu|t\.\s?[uw])"
_NAMED_RE = re.compile(
    r"(?<![a-z])(?:nghi quyet|nq)\s(?:so\s\d{1,3}\s)?(?:cua\s)?(?:hoi nghi\s)?(?:"
    rf"(?:ban chap hanh\s)?{_TW}(?:\sdang)?\s?(?:lan thu\s)?(?P<n1>\d{{1,2}}|{_ORDW})(?![a-z0-9])"
    rf"|lan thu\s(?P<n2>\d{{1,2}}|{_ORDW})\s(?:cua\s)?(?:ban chap hanh\s)?{_TW}(?:\sdang)?"
    r")"
    rf"(?:[\s,(]{{0,4}}(?:ban chap hanh\s{_TW}\s|bch tw\s)?(?:khoa\s){{1,2}}(?P<t>{_TERM}(?:\s?(?:,|va|-|&)\s?(?:khoa\s)?{_TERM}){{0,2}}))?"
)
_LOOK = 8   # mentions of one document searched for its date, issuer and subject

_CONGRESS_RE = re.compile(
    r"(?<![a-z])nghi quyet\s(?:cua\s)?dai hoi\s(?:dai bieu toan quoc\s)?(?:dang bo\s[^.,;\n]{1,30}?\s)?"
    r"(?:lan thu\s)?(?:[ivxl]{1,6}|\d{1,2})(?![a-z0-9])(?:\s(?:cua\s)?dang bo\s(?:tp\.?\s?|tinh\s|thanh pho\s)?(?P<pl>[a-z.]{1,12}(?:\s[a-z]{1,8}){0,2}))?")
_SUBJECT_VE = re.compile(r"(?:[^“\"”.;\n]|(?<=\d)\.(?=\d)|(?<=TP)\.){0,120}?\bvề\b")
# the subject quoted with its own "Về": Chỉ thị ... của Thành ủy “Về tăng cường ...”
_SUBJECT_QV = re.compile(r"(?:[^“\"”.;\n]|(?<=\d)\.(?=\d)|(?<=TP)\.){0,120}?[“\"]\s?[Vv]ề\s{1,2}([^”\"\n]{2,400})[”\"]")
_SUBJECT_QV_HEAD = re.compile(r"[“\"]\s?[Vv]ề")      # what a _SUBJECT_QV match holds after its lead-in
_SUBJECT_Q = re.compile(r"\s{0,2}[“\"]([^”\"\n]{2,400})[”\"]")
_DATE_AFTER = re.compile(
    r"[\s,(]{0,3}(?:ban hanh\s|ky\s)?ngay\s{1,2}(\d{1,2})\s{0,1}[-/.]\s{0,1}(\d{1,2})\s{0,1}[-/.]\s{0,1}((?:19|20)\d\d)"
    r"|[\s,(]{0,3}(?:ban hanh\s)?ngay\s(\d{1,2})\sthang\s(\d{1,2})\snam\s((?:19|20)\d\d)")
_ORGANS = [
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương"), ("bo chinh tri", "Bộ Chính trị"),
    ("ban bi thu", "Ban Bí thư"), ("thu tuong chinh phu", "Thủ tướng Chính phủ"), ("thu tuong", "Thủ tướng Chính phủ"),
    ("chinh phu", "Chính phủ"), ("quoc hoi", "Quốc hội"), ("thanh uy", None), ("tinh uy", None), ("quan uy", None),
    ("huyen uy", None), ("thi uy", None), ("thi xa uy", None), ("dang uy khoi", None), ("dang uy", None),
    ("ubnd", None), ("uy ban nhan dan", None), ("hdnd", None), ("hoi dong nhan dan", None),
    ("quan uy trung uong", "Quân ủy Trung ương"), ("trung uong", "Ban Chấp hành Trung ương"),
]
_ORGW = "|".join(sorted((o for o, _ in _ORGANS), key=len, reverse=True))
_ISSUER_AFTER = re.compile(
    rf"(?:[^.;\n]|(?<=\d)\.(?=\d)|(?<=tp)\.){{0,70}}?\bcua\s((?:ban thuong vu\s|thuong truc\s|thuong vu\s|ban chap hanh\s)?(?:{_ORGW}))(?![a-z])")
# an issuing body followed by its place: "Tỉnh ủy Quảng Ninh", "UBND thành phố Hà Nội"
_PLACE_ORGAN = re.compile(
    r"(?<![a-z])(tinh uy|thanh uy|quan uy|huyen uy|thi uy|thi xa uy|ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan"
    r"|dang uy khoi|dang bo)\s")
_TYPE_WORDS = ("thanh pho ", "tinh ", "tp. ", "tp.", "tp ", "quan ", "huyen ", "thi xa ", "tx. ", "tx ", "thi tran ")
_QUAN_NUM = re.compile(r"quan \d")
_YEAR_NUM = re.compile(r"(?:19|20)\d\d")
_NOT_SHORT_AFTER = re.compile(r"\s?[/%]|\s?[-\u2013]\s?\d|[.,]\d")
# a number listed after a short form ("Chỉ thị 03, 05", "Chỉ thị số 03 và 05"): a short form of its own
_SHORT_NEXT = re.compile(r"(?:\s?[,&]\s?|\s(?:va|hoac)\s)([\do]{1,4}[a-z]?)(?![\w])")
_SHORT_NUM = re.compile(r"\d{1,4}[a-z]?")


def _short_num(t: str, s: int, num: str) -> str | None:
    """The number of a short form matched at ``t[s:s + len(num)]`` (``num`` folded): its capital Os
    read as zeros when it has a digit ("Chỉ thị số O5", "số 1O"), as in a full code's number
    (``_o_as_zero``); None when it is no number (a lower-case "o", no digit)."""
    if "o" not in num:
        return num
    w = t[s:s + len(num)]
    z = num.replace("o", "0")
    if len(z) > 1 and z[-1].isalpha():
        w, z = w[:-1], z[:-1]
    if "O" in w and "o" not in w and z.isdigit() and any(c.isdigit() for c in w):
        return z + num[len(z):]
    return num if _SHORT_NUM.fullmatch(num) else None

# --- scanning by literal anchors -------------------------------------------------------------
#
# Most patterns above begin with one of a few words ("nghi quyet", "chi thi", "tinh uy"): where
# none of those words starts, they cannot match. The words are found with ``str.find`` over the
# whole article (far cheaper than running a regex at every position), and each pattern is tried
# only there, which yields exactly the matches ``finditer`` would.

_ORGAN_WORDS = ("tinh uy", "thanh uy", "quan uy", "huyen uy", "thi uy", "thi xa uy", "ubnd", "uy ban nhan dan",
                "hdnd", "hoi dong nhan dan", "dang uy khoi", "dang bo")
# _PLACE_ORGAN without its look-behind: a window's first character has nothing before it
_PLACE_ORGAN_AT = re.compile(_PLACE_ORGAN.pattern.replace("(?<![a-z])", "", 1))
_KIND_WORDS_T = tuple(KIND_WORDS)
_RESOLUTION_WORDS = ("nghi quyet", "nq")
_ANCHOR_GROUPS = {"kind": _KIND_WORDS_T, "organ": _ORGAN_WORDS, "nq": ("nq",)}
_anchor_matcher = None


def _anchor_automaton():
    """The automaton of every anchor word; a word's value is (the length to go back from its end to
    its start, the index of its class in ``_ANCHOR_CLASSES``)."""
    global _anchor_matcher
    a = _anchor_matcher
    if a is None:
        import ahocorasick

        a = ahocorasick.Automaton()
        for w in sorted({w for ws in _ANCHOR_GROUPS.values() for w in ws}):
            a.add_word(w, (len(w) - 1, _anchor_class(w)))
        a.make_automaton()
        _anchor_matcher = a
    return a


# Anchor words by what they are looked up for: a kind word alone, "nghi quyet" and "nghi dinh"
# (kind words wanted on their own too), an organ word, "nq". Each word is in one class, so a hit
# is appended to one list, and the groups are made of whole classes.
_ANCHOR_CLASSES = ("kind", "nghi quyet", "nghi dinh", "organ", "nq")


def _anchor_class(w: str) -> int:
    if w in ("nghi quyet", "nghi dinh"):
        return _ANCHOR_CLASSES.index(w)
    group = next(g for g, ws in _ANCHOR_GROUPS.items() if w in ws)
    return _ANCHOR_CLASSES.index(group)


def _anchors(joined: str) -> dict[str, list[int]]:
    """Start positions of every anchor word in ``joined``, by group ("kind", "organ", "nq") and for
    "nghi quyet" and "nghi dinh", each list sorted: ``find_all`` for each, in one Aho-Corasick pass
    over the text."""
    classes: tuple[list[int], ...] = ([], [], [], [], [])
    for end, (back, ci) in _anchor_automaton().iter(joined):
        classes[ci].append(end - back)
    kind, resolution, decree, organ, nq = classes
    # (hits come by their end: a longer word ending later may start before a shorter one)
    return {"kind": sorted({*kind, *resolution, *decree}), "organ": sorted(set(organ)), "nq": nq,
            "nghi quyet": resolution, "nghi dinh": decree}


def _by_block(pos: list[int], offsets: list[int]) -> dict[int, list[int]]:
    """Positions in the joined article -> {block index: positions in that block}."""
    out: dict[int, list[int]] = {}
    if not pos:
        return out
    ti = 0
    last = len(offsets) - 1
    for p in pos:
        while ti < last and offsets[ti + 1] <= p:
            ti += 1
        out.setdefault(ti, []).append(p - offsets[ti])
    return out


# The words before a code ("thuc hien chi thi so ") recur from code to code and article to article:
# what they say (excluded, else the kind word or None) is kept, for a bounded number of them.
_EXCLUDED = "\x00excluded"
_UNSEEN = object()
_BEFORE_SEEN: dict[str, str | None] = {}


def _kind_before(before: str) -> str | None:
    """``_EXCLUDED`` when ``before`` (the folded text before a code) names a non-directive document,
    else the kind word it ends with, or None."""
    if _EXCLUDE_BEFORE.search(before):
        out: str | None = _EXCLUDED
    else:
        kw = KIND_BEFORE.search(before)
        out = kw.group(1) if kw else None
    if len(_BEFORE_SEEN) >= 20_000:
        _BEFORE_SEEN.clear()
    _BEFORE_SEEN[before] = out
    return out


# Canonical codes by (code as printed, kind word before it) and the parts of canonical codes: the
# same for every article (a CODE_RE match's groups follow from its text), so kept across articles,
# for a bounded number of them. The parts are only read.
_KEPT = 50_000
_CODES: dict[tuple[str, str | None], str | None] = {}
_PARTS: dict[str, dict[str, str]] = {}


def kept_parts(code: str) -> dict[str, str]:
    """``code_parts(code)``, kept in ``_PARTS``."""
    parts = _PARTS.get(code)
    if parts is None:
        parts = _PARTS[code] = code_parts(code)
    return parts


@dataclass
class DirectiveResult:
    directives: list[DirectiveRef] = field(default_factory=list)   # ordered by first mention
    problems: list[Problem] = field(default_factory=list)


# --- canonical codes ---------------------------------------------------------------------------

_WIDE = re.compile("[\uff01-\uff5e]")
_WIDE_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _eth(s: str) -> str:
    """Icelandic eth (Ð U+00D0, ð U+00F0) typed for Vietnamese đ, and full-width forms ("05－CT／TW")
    for their ASCII characters: same length, so positions hold."""
    if "\u00d0" in s or "\u00f0" in s:
        s = s.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return s.translate(_WIDE_TABLE) if _WIDE.search(s) else s


def issuer_letters(raw: str) -> str:
    """A code's issuer as printed -> its letters as keyed ("T.Ư" -> "TW", "ubnd" -> "UBND")."""
    parts = [p.strip() for p in re.split(r"\s*[-\u2010-\u2014\u2212]\s*", raw.strip()) if p.strip()]
    out = []
    for p in parts:
        u = p.upper()
        if "." in u:
            u = u.replace(".", "").replace(" ", "")   # "T.Ư", "T. W"
        if u == "TƯ":
            u = "TW"
        u = u.replace("Ư", "W") if u.endswith("TƯ") else u
        out.append(_MIXED_CASE.get(u, u))
    return "-".join(out)


_SHORT_KIND = {"QĐNS": "QĐ", "QĐi": "QĐ", "TTLT": "TT", "NQLT": "NQ", "CTLT": "CT", "QĐLT": "QĐ", "HDLT": "HD"}
# a code printed without its kind letters ("41/TTg", "64/CP", "12/2018/TTg") takes them from the kind
# word before it, one of those its issuer issues (QH with its year: any kind word, as before)
_COMPLETED_KINDS = {"TTg": ("quyet dinh", "chi thi"), "CP": ("nghi dinh", "nghi quyet", "quyet dinh", "chi thi")}


def kind_letters(raw: str) -> str:
    """A code's kind as printed -> its letters as keyed ("ct" -> "CT", "QĐI" -> "QĐi")."""
    u = raw.upper()
    return "QĐi" if u == "QĐI" else u


def _num(raw: str) -> str:
    return raw[:-1] + raw[-1].lower() if raw[-1].isalpha() else raw


def _party_num(num: str) -> str:
    """A Party number has two digits at least, as the registry and the Party's own headers write
    it: "5" -> "05", "5a" -> "05a" (so "5-CT/TW" and "05-CT/TW" are one code)."""
    return "0" + num if len(num) == 1 or (len(num) == 2 and not num[1].isdigit()) else num


def _from_match(m: re.Match[str], kind_word: str | None = None, spelled: bool = False) -> str | None:
    """Canonical code from a CODE_RE match, or None when it is not a directive code.

    ``spelled``: a state code's year keeps the separator printed ("19-2017/NQ-CP", the
    Government's own spelling of that series); else it is NUMBER/YEAR/KIND-ISSUER."""
    num = _num(m.group("num"))
    if m.group("pk") is not None:
        kind, iss = kind_letters(m.group("pk")), issuer_letters(m.group("pi"))
        if kind not in KIND_ABBR or len(iss) < 2:
            return None         # no issuer is one letter: "05-CT/T. Ưu tiên" is a cut code
        if (m.group("sp") is not None or m.group("sl") is not None) \
                and not (m.group("pk").isupper() and m.group("pi")[:1].isupper()):
            return None         # a space or a slash for the dash: "05 CT/TW", "05/CT/TW", not "10 tt/ha"
        if iss in STATE_ISSUERS:
            return f"{num}/{kind}-{iss}"
        return f"{_party_num(num)}-{kind}/{iss}"
    if m.group("sk") is not None:
        kind, iss = kind_letters(m.group("sk")), issuer_letters(m.group("si"))
        if kind not in KIND_ABBR or (m.group("ks") is not None and not m.group("sk").isupper()):
            return None         # a slash for the dash: in capitals, "183/2010/TTLT/BTC-BNN"
        yr = m.group("yr")
        if yr:
            return f"{num}{m.group('ysep') if spelled else '/'}{yr}/{kind}-{iss}"
        if iss.split("-")[0] in PARTY_ISSUERS and "-" not in iss or _office_of(iss):
            return f"{_party_num(num)}-{kind}/{iss}"
        return f"{num}/{kind}-{iss}"
    if m.group("yr2") is not None or m.group("ci2") is not None:
        if not kind_word:
            return None
        iss = issuer_letters(m.group("ci") or m.group("ci2"))
        if iss in _COMPLETED_KINDS and kind_word not in _COMPLETED_KINDS[iss]:
            return None         # "Thông tư 12/CP": not a kind this issuer issues
        abbr = KIND_WORDS[kind_word][1]
        yr = m.group("yr2")
        return f"{num}/{yr}/{abbr}-{iss}" if yr else f"{num}/{abbr}-{iss}"
    return None  # pragma: no cover


_LOOSE = re.compile(rf"^\s*(\d{{1,5}}[a-zA-Z]?)[\s\-\u2013\u2014/]{{0,3}}({_L}{{1,6}})[\s/\-\u2013\u2014]{{1,3}}({_L}{{1,8}})\s*$")
_LOOSE_REV = re.compile(rf"^\s*({_L}{{1,6}})[\s/\-]{{1,3}}({_L}{{1,8}})[\s\-/]{{1,3}}(\d{{1,5}}[a-zA-Z]?)\s*$")


# kept for the texts asked most: the registry asks again for every article citing a code it does
# not know as printed (under that article's date), and parsing one costs more than the lookup
@functools.lru_cache(maxsize=50_000)
def canonical_code(text: str, spelled: bool = False) -> str | None:
    """The canonical code of the first directive code in ``text``: "05-CT/ TW" -> "05-CT/TW",
    "5-CT/TW" -> "05-CT/TW", "19-2017/NQ-CP" -> "19/2017/NQ-CP".

    Also accepts loose query forms ("05 CT TW", "ct/tw 05"). None when there is no code.
    ``spelled``: a state code's year separator is kept as printed (the registry's own spelling,
    see ``Registry.spelling``).
    """
    if not text:
        return None
    text = _eth(nfc(text))
    for m in CODE_RE.finditer(text):
        before = fold(text[max(0, m.start() - 20):m.start()])
        kw = KIND_BEFORE.search(before)
        c = _from_match(m, kw.group(1) if kw else None, spelled)
        if c:
            return c
    for rx, order in ((_LOOSE, (0, 1, 2)), (_LOOSE_REV, (2, 0, 1))):
        m = rx.match(text)
        if m:
            num, kind, iss = (m.group(i + 1) for i in order)
            kind, iss = kind_letters(kind), issuer_letters(iss)
            if kind in KIND_ABBR:
                if iss in PARTY_ISSUERS or iss not in STATE_ISSUERS and iss.isupper() and len(iss) <= 4:
                    return f"{_party_num(_num(num))}-{kind}/{iss}"
                return f"{_num(num)}/{kind}-{iss}"
    return None


def _office_of(iss: str) -> str | None:
    """The Party committee whose office (ban) a dash-joined issuer names: "NS-TU", "BTC-TU" (the
    letters of the committee's department, then the committee) -> "TU"; None for one committee
    or for several issuers joined ("CP-UBTƯMTTQVN")."""
    if "-" not in iss:
        return None
    *office, body = iss.split("-")
    if body not in PARTY_ISSUERS or any(o in PARTY_ISSUERS or o in STATE_ISSUERS or not o.isalpha() for o in office):
        return None
    return body


_LOCAL_PARTY = LOCAL_ISSUERS & PARTY_ISSUERS
# a code whose issuer is one run of capitals ("03-HD/BTGTU", "7/KH-BTGHU"): its number, kind, issuer
_GLUED = re.compile(r"(\d{1,5}[a-z]?)(?:-([A-Za-zĐ]{1,6})/|/([A-Za-zĐ]{1,6})-)([A-ZĐƯ]{3,14})")


def split_office(code: str, offices: "frozenset[str] | set[str]") -> str:
    """A canonical code whose issuer glues a committee's office to the committee ("03-HD/BTGTU":
    Ban Tuyên giáo of the Tỉnh ủy) -> the dashed form, the committee as issuer ("03-HD/BTG-TU"),
    as "12-HD/BTC-TU" is printed; state-style too ("7/KH-BTGHU" -> "07-KH/BTG-HU").

    Only when the tail is a local Party committee (TU, HU, QU, TXU, ĐU, ĐUK: the one a scope is
    read for) and the head one of ``offices`` (the registry's ``party_offices``); any other run of
    letters is left as printed, and so are the central offices' own codes ("12-HD/BTCTW")."""
    m = _GLUED.fullmatch(code)
    if m is None:
        return code
    iss = m.group(4)
    for i in range(1, len(iss) - 1):       # the longest committee first ("BTCĐUK": BTC + ĐUK)
        head, tail = iss[:i], iss[i:]
        if tail in _LOCAL_PARTY and head in offices:
            return f"{_party_num(m.group(1))}-{m.group(2) or m.group(3)}/{head}-{tail}"
    return code


def code_parts(code: str) -> dict[str, str]:
    """Split a canonical code: number, kind letters, issuer, kind_name, party (bool as text).

    A Party code issued from a committee's office ("621-NQ/NS-TU") has the committee as issuer."""
    if "-" in code.split("/")[0] and "/" in code and not re.match(r"^\d+[a-z]?-\d{4}/", code):
        num, rest = code.split("-", 1)
        kind, iss = rest.split("/", 1)
        iss = _office_of(iss) or iss
        return {"number": num, "kind": kind, "issuer": iss, "party": "1",
                "kind_name": PARTY_KIND_NAME.get(kind) or KIND_ABBR.get(kind, kind)}
    head, tail = code.rsplit("/", 1)
    kind, _, iss = tail.partition("-")
    num = re.split(r"[-/]", head)[0]
    return {"number": num, "kind": kind, "issuer": iss, "party": "",
            "kind_name": KIND_ABBR.get(kind, kind)}


_SPELLING = re.compile(r"0{0,4}(\d{1,5}[a-z]?)[-/]((?:19|20)\d\d/)?")


def spelling_key(code: str) -> str | None:
    """Where the printed variants of one state code meet: the number without leading zeros, the
    year after a slash ("01/NQ-CP" and "1/NQ-CP"; "19-2017/NQ-CP" and "19/2017/NQ-CP"). None for a
    Party code (its canonical form is already the one spelling)."""
    if kept_parts(code)["party"]:
        return None
    m = _SPELLING.match(code)
    if m is None:
        return None
    return f"{m.group(1)}/{m.group(2) or ''}{code[m.end():]}"


def _one_spelling(found: list[tuple[int, int, int, str, str | None]]) -> list[tuple[int, int, int, str, str | None]]:
    """The codes found in an article with one spelling for each state code printed two ways that
    the registry does not hold ("1/NQ-CP" and "01/NQ-CP"): the one with its number's leading zero
    (the official spelling), else the first printed. Party codes already have one spelling."""
    spelt: dict[str, str] = {}
    other: dict[str, str] = {}
    for *_, code, _kw in found:
        if code in other or kept_parts(code)["party"]:
            continue
        sk = spelling_key(code)
        other[code] = sk or code
        if sk is None:
            continue
        have = spelt.get(sk)
        if have is None or (have != code and len(kept_parts(code)["number"]) > len(kept_parts(have)["number"])):
            spelt[sk] = code
    if len(spelt) == len(other):
        return found        # (each state code printed one way)
    return [(ti, s_, e_, spelt.get(other.get(code, ""), code), kw) for ti, s_, e_, code, kw in found]


def _renumber(code: str, num: str) -> str:
    """``code`` with another number ("19-NQ/TW", "18" -> "18-NQ/TW"): a canonical code starts
    with its number."""
    parts = kept_parts(code)
    num = _num(num)
    return (_party_num(num) if parts["party"] else num) + code[len(parts["number"]):]


# Numbers listed before a code share its kind and issuer: "Nghị quyết số 18, 19-NQ/TW",
# "số 26, 27 và 28-NQ/TW". Read back by hand (a bounded count of "N, " / "N và "): no regex
# anchored at the code's start, which would be tried at every position before it.
_ENUM_MAX = 8


def _enumerated(f: str, start: int) -> list[tuple[int, int]]:
    """The spans of the numbers listed right before the code starting at ``start`` in the folded
    text ``f``, first first; [] when there is no list."""
    spans: list[tuple[int, int]] = []
    i = start
    while len(spans) < _ENUM_MAX:
        j = i - 1 if i and f[i - 1] == " " else i
        if j and f[j - 1] in ",&":
            j -= 1
        elif j == i or j < 3 or f[j - 3:j] != " va":     # "và" needs its spaces
            break
        else:
            j -= 3
        if j and f[j - 1] == " ":
            j -= 1
        e = j
        if j > 1 and f[j - 1].isalpha() and f[j - 2].isdigit():
            j -= 1                  # "36a"
        k = j
        while k and f[k - 1].isdigit() and j - k < 4:
            k -= 1
        if k == j or (k and f[k - 1] not in " ("):
            break
        spans.append((k, e))
        i = k
    spans.reverse()
    return spans


def _list_lead(before: str) -> str | None:
    """What the words before a list of numbers say: ``_EXCLUDED``, a kind word, "so" (only "số"),
    or None (no list: "năm 2019, 05-CT/TW")."""
    kw = _kind_before(before)
    if kw is not None:
        return kw
    b = before.rstrip(" :")
    return "so" if b.endswith("so") and (len(b) == 2 or not b[-3].isalnum()) else None


# A capital O typed for a zero inside a code's number ("Chỉ thị số O5-CT/TW", "số 1O/CT-TTg"): read
# as the zero, only in a number of digits and Os (one digit at least) right after "số" or a kind
# word and right before a code's separator; the code must then read whole.
_O_NUM = re.compile(r"[0-9O]{1,5}")
_O_SEP = "-/\u2010\u2011\u2012\u2013\u2014\u2212"


def _o_as_zero(t: str, f: str) -> str:
    """``t`` with the Os of code numbers read as zeros (same length); ``t`` itself when none is."""
    zeros: list[tuple[int, int, str]] = []
    i = t.find("O")
    while i >= 0:
        j = i + 1
        if (i and t[i - 1].isdigit()) or (j < len(t) and t[j].isdigit()):
            s = i
            while s and i - s < 5 and (t[s - 1].isdigit() or t[s - 1] == "O"):
                s -= 1
            m = _O_NUM.match(t, s)
            e = m.end() if m else s
            word = t[s:e]
            after = t[e + 1:e + 2] if t[e:e + 1] == " " else t[e:e + 1]
            if word and any(c.isdigit() for c in word) and (s == 0 or not t[s - 1].isalnum()) \
                    and (e == len(t) or not t[e].isalnum()) and after and after in _O_SEP:
                before = f[s - 30 if s > 30 else 0:s]
                kw = _kind_before(before)
                b = before.rstrip(" :")
                if kw is not _EXCLUDED and (kw is not None or b.endswith("so") and (len(b) == 2 or not b[-3].isalnum())):
                    # (the code read in a window around it: bounded work for each)
                    lo = s - 2 if s > 2 else 0
                    w = t[lo:s] + word.replace("O", "0") + t[e:e + _CODE_REACH]
                    m2 = CODE_RE.match(w, s - lo)
                    if m2 is not None and _from_match(m2, kw):
                        zeros.append((s, e, word.replace("O", "0")))
            i = t.find("O", max(e, j))
        else:
            i = t.find("O", j)
    if not zeros:
        return t
    parts, at = [], 0
    for s, e, word in zeros:
        parts += [t[at:s], word]
        at = e
    parts.append(t[at:])
    return "".join(parts)


# --- named and short forms -------------------------------------------------------------------

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _term_roman(t: str) -> str | None:
    t = t.strip().lower()
    if t.isdigit():
        n = int(t)
    else:
        n, prev = 0, 0
        for ch in reversed(t):
            v = _ROMAN_VALUES.get(ch)
            if v is None:
                return None
            n = n - v if v < prev else n + v
            prev = max(prev, v)
    if not 1 <= n <= 30:
        return None
    out = ""
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


# "Nghị quyết Trung ương 4 và Trung ương 5 khóa XII": the term printed after the second plenum
_SHARED_TERM = re.compile(
    rf"\s?(?:,|va|&)\s(?:nghi quyet\s)?(?:hoi nghi\s)?{_TW}\s(?:\d{{1,2}}|{_ORDW})"
    rf"[\s,(]{{0,4}}(?:khoa\s){{1,2}}(?P<t>{_TERM})")


def _term_at(date: str | None) -> str | None:
    """The Party term in force at an ISO date (or year)."""
    if not date:
        return None
    from ..registry import TERM_START, _ref_date

    ref = _ref_date(str(date))
    best = None
    for term, start in sorted(TERM_START.items(), key=lambda kv: kv[1]):
        if start <= ref:
            best = term
    return best


def _plenum(m: re.Match[str]) -> int | None:
    n = m.group("n1") or m.group("n2")
    if n is None:
        return None
    return int(n) if n.isdigit() else _ORD.get(n)


_TERM_SEP = re.compile(r"\s?(?:,|va|-|&)\s?(?:khoa\s)?")      # "khóa XI, XII", "khóa XI, khóa XII"


def _terms(m: re.Match[str]) -> list[str]:
    t = m.group("t")
    if not t:
        return []
    out = []
    for part in _TERM_SEP.split(t):
        r = _term_roman(part)
        if r and r not in out:
            out.append(r)
    return out


def parse_named(name: str) -> tuple[int, list[str]] | None:
    """"Nghị quyết Trung ương 4 (khóa XI, XII)" -> (4, ["XI", "XII"]); None if not a plenum name."""
    m = _NAMED_RE.search(_fold_aligned(nfc(name)))
    if not m:
        return None
    p = _plenum(m)
    terms = _terms(m)
    return (p, terms) if p and terms else None


def parse_short(form: str) -> tuple[str, str] | None:
    """"Chỉ thị số 05" -> ("CT", "5"); None when it is not KIND [số] NUMBER."""
    form = nfc(form).strip()
    m = _SHORT_RE.fullmatch(_fold_aligned(form))
    num = _short_num(form, m.start(3), m.group(3)) if m else None
    if num is None:
        return None
    return KIND_WORDS[m.group(1)][1], num.lstrip("0") or "0"


# --- folding ------------------------------------------------------------------------------------

def _fold_aligned(text: str) -> str:
    """Fold ``text`` so that positions match the original text (same length, char for char)."""
    whole = fold(text)
    if len(whole) == len(text):
        return whole
    table = {}
    for ch in set(text):
        f = fold(ch)
        if len(f) != 1 or ch in "\u00a0\t":
            table[ord(ch)] = f[0] if f and ch not in "\u00a0\t" else " "
        elif f != ch:
            table[ord(ch)] = f
    return text.translate(table)


class Prepared(NamedTuple):
    """An article made ready for matching (see ``prepare_texts``)."""

    texts: list[str]            # the non-empty blocks squashed, in NFC and with ``_eth``
    folded: list[str]           # their folds
    joined: str                 # the folds joined by line breaks
    lowered: str | None = None  # the texts joined by line breaks and lower-cased, when made with the fold


def prepare_texts(blocks: list[str], squashed: bool = False) -> Prepared:
    """The non-empty blocks squashed, in NFC and with ``_eth``; their folds; the folds joined by
    line breaks; and when folding maps the article character for character, the article lower-cased
    too (encoded once for both). ``squashed``: every block but the first (the title) is squashed
    already.

    A block holds no line break once squashed, and NFC, ``_eth`` and (mostly) folding map a text
    character by character across one, so the article is worked on joined, in a few calls, and
    split again; a fold that is not such a map is made block by block.
    """
    texts = [t if (squashed and i) or ("  " not in t and "\n" not in t and "\t" not in t)
             else " ".join(t.split()) for i, t in enumerate(blocks) if t]
    if not texts:
        return Prepared([], [], "")
    article = "\n".join(texts)
    # the usual text folds with the fast table: it is then NFC and has no eth, nothing to check
    both = fold_lower_chars(article)
    if both is not None:
        return Prepared(texts, both[0].split("\n"), both[0], both[1])
    if not unicodedata.is_normalized("NFC", article):
        article = nfc(article)
        texts = article.split("\n")
    if "\u00d0" in article or "\u00f0" in article or _WIDE.search(article):
        article = _eth(article)
        texts = article.split("\n")
    joined = fold_chars(article)
    if joined is None:
        folded = [_fold_aligned(t) for t in texts]
        return Prepared(texts, folded, "\n".join(folded))
    return Prepared(texts, joined.split("\n"), joined)


# --- extraction ---------------------------------------------------------------------------------

@dataclass
class _Doc:
    code: str
    scope: str | None
    kind: str
    issuer: str
    first: tuple[int, int]
    mentions: int = 0
    subject: str | None = None
    issued_text: str | None = None
    issuer_name_text: str | None = None
    name: str | None = None
    entry: "RegistryEntry | None" = None

    @property
    def key(self) -> str:
        return f"{self.code}@{self.scope}" if self.scope else self.code


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        from datetime import date as _d

        return _d(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


_PLACE_FORMS: dict[tuple[str, str], list[str]] = {}


def _place_forms(short_name: str, name: str) -> list[str]:
    """The folded forms a locality is named by after an issuing body: its names, and each without
    its type word ("thanh pho ha noi", "ha noi"); the same for every article, so kept."""
    key = (short_name, name)
    forms = _PLACE_FORMS.get(key)
    if forms is None:
        forms = []
        for n in {short_name, name}:
            if n:
                f = " ".join(fold(n).split())
                forms.append(f)
                for tw in _TYPE_WORDS:
                    if f.startswith(tw) and not _QUAN_NUM.match(f):
                        forms.append(f[len(tw):].strip())
        if len(_PLACE_FORMS) > 50_000:
            _PLACE_FORMS.clear()
        _PLACE_FORMS[key] = forms
    return forms


def _sentence_break(f: str, a: int, b: int) -> int:
    """1 when a sentence ends in the folded ``f[a:b]`` (". " not after "tp"/"tx", "! ", "? "), else 0."""
    i = f.find(". ", a, b)
    while i >= 0:
        if f[i - 2:i] not in ("tp", "tx"):
            return 1
        i = f.find(". ", i + 1, b)
    return 1 if f.find("! ", a, b) >= 0 or f.find("? ", a, b) >= 0 else 0


# the issuing bodies whose name, with a place after it, scopes a local issuer's code
_ISSUER_ORGANS = {
    "TU": ("tinh uy", "thanh uy", "dang bo"),
    **dict.fromkeys(DISTRICT_ISSUERS, ("quan uy", "huyen uy", "thi uy", "thi xa uy", "dang bo")),
    "UBND": ("ubnd", "uy ban nhan dan"), "HĐND": ("hdnd", "hoi dong nhan dan"),
    **dict.fromkeys(("ĐUK", "ĐU"), ("dang uy khoi", "dang bo", "tinh uy", "thanh uy")),
}


class _Scoper:
    """Chooses the locality key of a local directive."""

    def __init__(self, localities: list[Locality], primary: str | None,
                 aliases: "Mapping[str, Sequence[str]] | None" = None):
        self.localities = localities
        self.aliases = aliases or {}
        self.locs = {loc.key: loc for loc in localities}
        self.primary = primary if primary else None
        self._names: list[tuple[str, Locality]] | None = None
        self._by_head: dict[str, list[tuple[str, Locality]]] | None = None
        self._after: dict[tuple[str, str], str | None] = {}     # (text after an organ, mode) -> key

    @property
    def names(self) -> list[tuple[str, Locality]]:
        """(folded name, locality), longest first; built on first use (most articles need none)."""
        if self._names is None:
            names: list[tuple[str, Locality]] = []
            for loc in self.localities:
                for f in _place_forms(loc.short_name, loc.name):
                    names.append((f, loc))
                for a in self.aliases.get(loc.key, ()):     # "Thành ủy TP.HCM"
                    for f in _place_forms(a, ""):
                        names.append((f, loc))
            names.sort(key=lambda x: -len(x[0]))
            self._names = [(n, loc) for n, loc in names if len(n) >= 2]
        return self._names

    def _province_of(self, key: str) -> str:
        loc = self.locs.get(key)
        return loc.province_key if loc else key.split("/")[0]

    def _district_of(self, key: str) -> str | None:
        loc = self.locs.get(key)
        if loc is None:
            parts = key.split("/")
            return "/".join(parts[:2]) if len(parts) >= 2 else None
        if loc.level == "district":
            return loc.key
        if loc.level == "ward":
            return loc.district_key or "/".join(loc.key.split("/")[:2])
        return None

    def named_place(self, f: str, lo: int, hi: int, organs: list[int], issuer: str,
                    start: int | None = None, end: int | None = None) -> str | None:
        """A locality named right after an issuing body in the folded window ``f[lo:hi]``: of
        several, the body nearest the code at ``f[start:end]`` in its sentence, one before the code
        first ("Tỉnh ủy Quảng Ninh ban hành Chỉ thị số 20-CT/TU; Tỉnh ủy Hải Dương ban hành Chỉ thị
        số 15-CT/TU"); without ``start``, the first.

        ``organs``: the sorted positions in ``f`` where an organ word of ``_PLACE_ORGAN`` starts
        (every match starts at one), so the window is scanned as ``_PLACE_ORGAN.finditer(f[lo:hi])``
        would, without running the regex at every position.
        """
        # most windows hold no organ word: one bisection says so without starting the scan
        i = bisect.bisect_left(organs, lo)
        if i == len(organs) or organs[i] >= hi:
            return None
        want_district = issuer in DISTRICT_ISSUERS
        allowed = _ISSUER_ORGANS.get(issuer)
        mode = "D" if want_district else "U" if issuer in ("UBND", "HĐND") else "P"
        after = self._after
        best: tuple[int, int, int] | None = None
        best_key = None
        for m in finditer_at(_PLACE_ORGAN, f, organs, lo, hi, _PLACE_ORGAN_AT):
            if allowed is not None and m.group(1) not in allowed:
                continue
            e = m.end()
            key = (f[e:min(e + 60, hi)], mode)
            found = after.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = after[key] = self._place_after(key[0], want_district, issuer)
            if found is None:
                continue
            if start is None or end is None:
                return found
            s_ = m.start()
            rank = ((_sentence_break(f, e, start), 0, start - e) if s_ < start
                    else (_sentence_break(f, end, s_), 1, s_ - end))
            if best is None or rank < best:
                best, best_key = rank, found
            if s_ >= end:
                break           # (later bodies are farther after the code)
        return best_key

    def _place_after(self, rest: str, want_district: bool, issuer: str) -> str | None:
        """The locality key named at the start of ``rest`` (the text after an issuing body)."""
        cands = [rest]
        if rest.startswith(_TYPE_WORDS):     # (one test in C for the usual text with none)
            for tw in _TYPE_WORDS:
                if rest.startswith(tw):
                    cands.append(rest[len(tw):])
        by_head = self._by_head
        if by_head is None:
            # the names by their first two characters (each name has two), in the order of ``names``:
            # a text can start only with the names under its own first two
            by_head = self._by_head = {}
            for n, loc in self.names:
                by_head.setdefault(n[:2], []).append((n, loc))
        for c in cands:
            for n, loc in by_head.get(c[:2], ()):
                if c.startswith(n) and (len(c) == len(n) or not c[len(n)].isalnum()):
                    if want_district:
                        d = self._district_of(loc.key)
                        if d:
                            return d
                    elif issuer in ("UBND", "HĐND") and loc.level == "district":
                        return loc.key
                    else:
                        return loc.province_key or self._province_of(loc.key)
        return None

    def fallback(self, issuer: str) -> str | None:
        if issuer in DISTRICT_ISSUERS:
            if self.primary:
                d = self._district_of(self.primary)
                if d:
                    return d
            districts = [loc for loc in self.locs.values() if loc.level == "district"]
            if districts:
                return max(districts, key=lambda loc: (loc.mentions, -len(loc.key)) ).key
        if self.primary:
            return self._province_of(self.primary)
        provinces: dict[str, int] = {}
        for loc in self.locs.values():
            pk = loc.province_key or loc.key.split("/")[0]
            provinces[pk] = provinces.get(pk, 0) + (loc.mentions or 1) + (1000 if loc.level == "province" else 0)
        if provinces:
            return max(sorted(provinces), key=lambda k: provinces[k])
        return None


def find_directives(texts: list[str], registry: "Registry", localities: list[Locality], primary: str | None,
                    date: str | None = None, year: int | None = None,
                    blocks_squashed: bool = False, prepared: Prepared | None = None,
                    place_aliases: "Mapping[str, Sequence[str]] | None" = None) -> DirectiveResult:
    """Every directive the article cites, ordered by first mention; see the module docstring.

    ``texts``: title then body blocks (NFC, furniture removed). ``date``: the article's ISO date
    (or ``year``): it picks among same-code registry entries and rules out later documents.
    ``blocks_squashed``: every text but the title has its white space squashed already.
    ``prepared``: ``prepare_texts`` of ``texts`` (and ``blocks_squashed``), when the caller made it.
    ``place_aliases``: locality key -> other names of it ("TP.HCM"), for an issuing body's place.
    """
    ref_date = date or (str(year) if year else None)
    # white space squashed first, so that windows measured in characters (scope, subject) see the
    # same words however the text was spaced
    texts, folded, joined, _ = prepared if prepared is not None else prepare_texts(texts, blocks_squashed)
    # the folded article with its blocks joined: where the literal anchors are is found once
    offsets: list[int] = []
    o = 0
    for f in folded:
        offsets.append(o)
        o += len(f) + 1
    anchors = _anchors(joined)
    resolution_at = anchors["nghi quyet"]
    scoper = _Scoper(localities or [], primary, place_aliases)
    problems: list[Problem] = []
    docs: dict[str, _Doc] = {}
    # full mentions per (kind letters, number) for short-form resolution: list of (pos, key)
    by_short: dict[tuple[str, str], list[tuple[tuple[int, int], str]]] = {}
    masks = [bytearray(len(t)) for t in texts]     # 1 where a code or name has been consumed
    mentions: list[tuple[tuple[int, int], int, str]] = []  # (pos, end, key) for subject windows
    noscope: set[str] = set()

    def mark(ti: int, s: int, e: int) -> None:
        masks[ti][s:e] = b"\x01" * (e - s)

    def add_mention(key: str, pos: tuple[int, int], end: int) -> None:
        mentions.append((pos, end, key))
        docs[key].mentions += 1

    code_cache = _CODES
    if len(code_cache) > _KEPT or len(_PARTS) > _KEPT:
        code_cache.clear()
        _PARTS.clear()

    # 1. full codes
    found: list[tuple[int, int, int, str, str | None]] = []   # (text, start, end, code, kind word)
    decree_at = _by_block(anchors["nghi dinh"], offsets)
    before_seen = _BEFORE_SEEN
    spell = registry.spelling if registry is not None else None
    listed: dict[tuple[int, int], tuple[int, int]] = {}     # a listed number -> its code's span
    for ti, (t, f) in enumerate(zip(texts, folded)):
        here: list[tuple[int, int, int, str, str | None]] = []
        tc = _o_as_zero(t, f) if "O" in t and "/" in t else t
        for m in (_code_matches(tc) if "/" in t else ()):    # every code has a slash
            start, end = m.span()
            before = f[start - 30 if start > 30 else 0:start]
            kind_word = before_seen.get(before, _UNSEEN)
            if kind_word is _UNSEEN:
                kind_word = _kind_before(before)
            if kind_word is _EXCLUDED:
                continue
            nums: list[tuple[int, int]] = []
            # (most codes follow their kind word or "số": one character says there is no list)
            if kind_word is None and start > 2 and (f[start - 2] in ",&a" or f[start - 1] in ",&"):
                nums = _enumerated(f, start)
                if nums:
                    k0 = nums[0][0]
                    lead = _list_lead(f[k0 - 30 if k0 > 30 else 0:k0])
                    if lead is _EXCLUDED:
                        continue
                    if lead is None:
                        nums = []
                    elif lead != "so":
                        kind_word = lead
            ck = (m.group(), kind_word)
            code = code_cache.get(ck, _UNSEEN)
            if code is _UNSEEN:
                code = code_cache[ck] = _from_match(m, kind_word)
            if code:
                for s_, e_ in nums:
                    here.append((ti, s_, e_, _renumber(code, t[s_:e_]), kind_word))
                    listed[(ti, s_)] = (start, end)
                here.append((ti, start, end, code, kind_word))
        if (c_ := decree_at.get(ti)) is not None:
            for m in finditer_at(_BARE_DECREE, f, c_):
                here.append((ti, m.start(), m.end(), f"{m.group(1)}/{m.group(2)}/NĐ-CP", "nghi dinh"))
            here.sort()             # (the codes alone come in order)
        if spell is not None:
            # a state code as the registry spells it ("1/NQ-CP" -> "01/NQ-CP")
            here = [(a, b, c, spell(code), kw) for a, b, c, code, kw in here]
        found.extend(here)
    if len(found) > 1:
        found = _one_spelling(found)
    # scope of local codes: a mention naming its issuing body with the place wins; the other mentions
    # of the same code take the nearest such mention (earlier first), else the article's locality
    scopes: list[str | None] = [None] * len(found)
    named_at: dict[str, list[tuple[int, str]]] = {}
    organs_at: dict[int, list[int]] | None = None
    parts_of: list[dict[str, str]] = []        # the parts of each found code
    for i, (ti, start, end, code, kw) in enumerate(found):
        parts_of.append(kept_parts(code))
        issuer = parts_of[i]["issuer"]
        if issuer in LOCAL_ISSUERS:
            f = folded[ti]
            if organs_at is None:
                organs_at = _by_block(anchors["organ"], offsets)
            if listed:
                # a listed number is scoped as its code is
                start, end = listed.get((ti, start), (start, end))
            sc = scoper.named_place(f, max(0, start - 160), min(len(f), end + 160), organs_at.get(ti) or [], issuer,
                                    start, end)
            if sc:
                scopes[i] = sc
                named_at.setdefault(code, []).append((i, sc))
    fallbacks: dict[str, str | None] = {}
    for i, (ti, start, end, code, kw) in enumerate(found):
        if scopes[i] is not None:
            continue
        issuer = parts_of[i]["issuer"]
        if issuer not in LOCAL_ISSUERS:
            continue
        near = named_at.get(code)
        if near:
            k_ = bisect.bisect_left(near, (i, ""))
            scopes[i] = near[k_ - 1][1] if k_ else near[0][1]
        else:
            if issuer not in fallbacks:
                fallbacks[issuer] = scoper.fallback(issuer)
            scopes[i] = fallbacks[issuer]
            if scopes[i] is None:
                noscope.add(code)

    for i, (ti, start, end, code, kw) in enumerate(found):
        t, f = texts[ti], folded[ti]
        parts = parts_of[i]
        issuer = parts["issuer"]
        scope = scopes[i]
        key = f"{code}@{scope}" if scope else code
        if key not in docs:
            kind = KIND_WORDS[kw][0] if kw else (
                PARTY_KIND_NAME.get(parts["kind"]) if parts["party"] else None) or parts["kind_name"]
            if kw and KIND_WORDS[kw][1] != parts["kind"] and parts["kind"] in KIND_ABBR and not (
                    parts["kind"] == "QĐNS" and kw == "quyet dinh") and not (kw == "nghi dinh"):
                kind = PARTY_KIND_NAME.get(parts["kind"]) if parts["party"] else None
                kind = kind or parts["kind_name"]
            docs[key] = _Doc(code=code, scope=scope, kind=kind, issuer=issuer, first=(ti, start))
        d = docs[key]
        # facts printed after the code: only the first few mentions are looked at (bounded work)
        dm = _DATE_AFTER.match(f, end) if d.issued_text is None and d.mentions < _LOOK \
            and "ngay" in f[end:end + 20] else None
        if dm:
            g = dm.groups()
            d.issued_text = _iso(*g[:3]) if g[0] else _iso(*g[3:])
        im = _ISSUER_AFTER.match(f, end) if d.issuer_name_text is None and d.mentions < _LOOK \
            and "cua" in f[end:end + 80] else None
        if im:
            d.issuer_name_text = _organ_display(t[im.start(1):im.end(1)], im.group(1))
        add_mention(key, (ti, start), end)
        mark(ti, start, end)
        short = (_SHORT_KIND.get(parts["kind"], parts["kind"]), parts["number"].lstrip("0") or "0")
        by_short.setdefault(short, []).append(((ti, start), key))

    def covered(ti: int, s: int, e: int) -> bool:
        return 1 in masks[ti][s:e]

    # 2. named forms
    named_forms_at = _by_block(sorted(resolution_at + anchors["nq"]), offsets)
    # plenum -> (position, terms) of each mention printed with its term; the bare mentions
    # ("Nghị quyết Trung ương 4" alone) wait for them: (text, start, end, plenum, as printed)
    qualified: dict[int, list[tuple[tuple[int, int], list[str]]]] = {}
    bare: list[tuple[int, int, int, int, str]] = []

    def named_mention(ti: int, s: int, e_: int, p: int, terms: list[str], printed: str) -> None:
        for term in terms:
            e = registry.named(p, term) if registry is not None else None
            if e is None:
                problems.append(Problem("unresolved-reference",
                                        f"named document not in the registry: {printed!r} (khóa {term})"))
                continue
            key = e.key
            if key not in docs:
                docs[key] = _Doc(code=e.code, scope=e.scope, kind=e.kind, issuer=e.issuer, first=(ti, s), entry=e)
            docs[key].name = docs[key].name or e.name
            ep = kept_parts(e.code)
            by_short.setdefault((ep["kind"], ep["number"].lstrip("0") or "0"), []).append(((ti, s), key))
            add_mention(key, (ti, s), e_)

    literal = registry.literal_names() if registry is not None else {}
    # (without literal names, only the blocks where a named form can start are visited)
    for ti in (range(len(texts)) if literal else named_forms_at):
        t, f = texts[ti], folded[ti]
        for m in (finditer_at(_NAMED_RE, f, c_) if (c_ := named_forms_at.get(ti)) else ()):
            if covered(ti, m.start(), m.end()):
                continue
            p = _plenum(m)
            if not p:
                continue
            terms = _terms(m)
            if not terms:
                sm_ = _SHARED_TERM.match(f, m.end(), min(len(f), m.end() + 60))
                if sm_ and (t_ := _term_roman(sm_.group("t"))):
                    terms = [t_]
            if not terms:
                # a bare plenum name: resolved once every qualified one of the article is known
                bare.append((ti, m.start(), m.end(), p, _printed_name(t, m)))
                mark(ti, m.start(), m.end())
                continue
            qualified.setdefault(p, []).append(((ti, m.start()), terms))
            named_mention(ti, m.start(), m.end(), p, terms, _printed_name(t, m))
            mark(ti, m.start(), m.end())
        # literal (non-plenum) registry names
        if literal:
            for lname, e in literal.items():
                start = 0
                while True:
                    i = f.find(lname, start)
                    if i < 0:
                        break
                    start = i + len(lname)
                    if covered(ti, i, start):
                        continue
                    key = e.key
                    if key not in docs:
                        docs[key] = _Doc(code=e.code, scope=e.scope, kind=e.kind, issuer=e.issuer, first=(ti, i), entry=e)
                    add_mention(key, (ti, i), start)
                    mark(ti, i, start)

    # a bare plenum name is the one printed with its term in the article, as a short form is its
    # full code's (the nearest before, else the first after); without one, the term in force at
    # the article's date; without a date it stays unresolved
    for ti, s, e_, p, printed in bare:
        quals = qualified.get(p)
        if quals:
            i_ = bisect.bisect_left(quals, ((ti, s), []))
            terms = quals[i_ - 1][1] if i_ else quals[0][1]
        else:
            t_ = _term_at(ref_date)
            terms = [t_] if t_ else []
        if not terms:
            problems.append(Problem("unresolved-reference", f"named document without its term: {printed!r}"))
            continue
        named_mention(ti, s, e_, p, terms, printed)

    for lst in by_short.values():
        lst.sort()

    # 2b. numbered Party congress resolutions ("Nghị quyết Đại hội lần thứ XII của Đảng"): no code,
    # not in the registry's remit; reported so that a maintainer sees them
    congress_at = _by_block(resolution_at, offsets) if "dai hoi" in joined else {}
    for ti, c_ in congress_at.items():
        t, f = texts[ti], folded[ti]
        for m in finditer_at(_CONGRESS_RE, f, c_):
            if not covered(ti, m.start(), m.end()):
                e_ = _congress_end(t, m)
                problems.append(Problem("unresolved-reference", f"congress resolution: {t[m.start():e_]!r}"))
                mark(ti, m.start(), e_)

    # 3. short forms
    article_folded: str | None = None
    aliased: dict[tuple[str, str], RegistryEntry | None] = {}
    short_at = _by_block(anchors["kind"], offsets)
    for ti, c_ in short_at.items():         # (the blocks in order, each holding a kind word)
        t, f = texts[ti], folded[ti]
        for m in finditer_at(_SHORT_RE, f, c_):
            if covered(ti, m.start(), m.end()):
                continue
            kw, has_so, num = m.group(1), m.group(2), m.group(3)
            if "o" in num and (num := _short_num(t, m.start(3), num)) is None:
                continue
            if not has_so and not t[m.start()].isupper():
                continue            # "nghị quyết 20 năm": a capitalised kind word or "số" is required
            if not has_so and _YEAR_NUM.fullmatch(num):
                continue            # "Kế hoạch 2017"
            after = f[m.end():m.end() + 3]
            if _NOT_SHORT_AFTER.match(after):
                continue
            abbr = KIND_WORDS[kw][1]
            # the form itself, then the numbers listed after it, each a short form of its own
            forms = [(m.start(), m.end(), num)]
            at = m.end()
            while len(forms) < _ENUM_MAX and (lm := _SHORT_NEXT.match(f, at)) is not None:
                n_ = _short_num(t, lm.start(1), lm.group(1))
                if n_ is None or _YEAR_NUM.fullmatch(n_) or _NOT_SHORT_AFTER.match(f, lm.end()) \
                        or covered(ti, lm.start(1), lm.end()):
                    break
                forms.append((lm.start(1), lm.end(), n_))
                at = lm.end()
            for s_, e_, num in forms:
                n = num.lstrip("0") or "0"
                pos = (ti, s_)
                key = None
                cands = by_short.get((abbr, n), [])
                if cands:
                    i_ = bisect.bisect_right(cands, (pos, "\uffff"))
                    key = cands[i_ - 1][1] if i_ else cands[0][1]
                elif registry is not None:
                    if article_folded is None:
                        article_folded = "\n".join(" ".join(f_.split()) for f_ in folded)
                    # once per short form: each lookup may search the whole article for an entry's
                    # context phrases, and a form repeated along the text made that quadratic
                    e = aliased.get((abbr, n), _UNSEEN)
                    if e is _UNSEEN:
                        e = aliased[(abbr, n)] = registry.short_alias(abbr, n, article_folded, date)   # a full date only: years are weak
                    if e is not None:
                        key = e.key
                        if key not in docs:
                            docs[key] = _Doc(code=e.code, scope=e.scope, kind=e.kind, issuer=e.issuer, first=pos, entry=e)
                if key is None:
                    # (a listed number is printed with the kind word and "số" before the first)
                    printed = t[m.start():e_] if s_ == m.start() else t[m.start():m.start(3)] + t[s_:e_]
                    problems.append(Problem("unresolved-reference",
                                            f"short reference with no full code in the article: {printed!r}"))
                    continue
                add_mention(key, pos, e_)
                mark(ti, s_, e_)

    # 4. subjects: the quoted text after "về" following a mention, before the next mention
    mentions.sort()
    tried: dict[str, int] = {}
    for i, (pos, end, key) in enumerate(mentions):
        d = docs[key]
        if d.subject or tried.get(key, 0) >= _LOOK:
            continue
        tried[key] = tried.get(key, 0) + 1
        ti, _ = pos
        limit = len(texts[ti])
        if i + 1 < len(mentions) and mentions[i + 1][0][0] == ti:
            limit = mentions[i + 1][0][1]
        t = texts[ti]
        # each regex runs only where the words it needs are within its reach: "về" starting at most
        # 120 characters on; a quote, perhaps a space and "Về" starting at most 120 characters on
        vm = _SUBJECT_VE.match(t, end, min(limit, end + 200)) \
            if t.find("về", end, min(limit, end + 122)) >= 0 else None
        sm = _SUBJECT_Q.match(texts[ti], vm.end(), min(len(texts[ti]), vm.end() + 420)) if vm else None
        if sm is None and vm is None:
            sm = _SUBJECT_QV.match(t, end, min(limit, end + 560)) \
                if _SUBJECT_QV_HEAD.search(t, end, min(limit, end + 124)) else None
            if sm:
                d.subject = sm.group(1).strip()
                d.subject = d.subject[:1].upper() + d.subject[1:]
                continue
        if sm:
            d.subject = sm.group(1).strip()

    # 5. registry facts and records
    out: list[DirectiveRef] = []
    for d in sorted(docs.values(), key=lambda d: d.first):
        e = d.entry
        if e is None and registry is not None:
            e = registry.lookup(d.code, d.issued_text or ref_date, scope=d.scope)
            if e is None and not d.issued_text and not date and ref_date:
                # only a year is known (year-only dates are weak evidence): it must not hide the facts
                e = registry.lookup(d.code, None, scope=d.scope)
        ref = DirectiveRef(
            code=d.code, key=d.key, kind=(e.kind if e else d.kind), issuer=d.issuer, scope=d.scope,
            subject=d.subject or (e.subject if e else None),
            issued=(e.issued if e and e.issued else d.issued_text),
            mentions=d.mentions, name=d.name or (e.name if e else None),
            issuer_name=(e.issuer_name if e and e.issuer_name else d.issuer_name_text) or _default_issuer_name(d),
            in_registry=e is not None,
        )
        out.append(ref)
        if e is None:
            problems.append(Problem("unknown-directive", f"{d.key} is not in the registry"))
    for code in sorted(noscope):
        problems.append(Problem("ambiguous-locality",
                                f"{code}: local issuer but no locality in the article; kept without scope"))
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in problems:
        k = (p.kind, " ".join(fold(p.message).split()))
        if k not in seen:
            seen.add(k)
            unique.append(p)
    return DirectiveResult(out, unique)


def _congress_end(t: str, m: re.Match[str]) -> int:
    """Where a congress resolution ends: the place after "Đảng bộ" is its capitalised words ("TP.HCM",
    "Hà Nội"); the lower-case words after them are the sentence's ("của Đảng bộ thành phố trong năm",
    "của Đảng bộ Thành phố xác định")."""
    s = m.start("pl")
    if s < 0:
        return m.end()
    end = pos = s
    for w in t[s:m.end()].split(" "):
        if not w[:1].isupper():
            break
        pos += len(w)
        end = pos
        pos += 1
    while end > m.start() and t[end - 1] == " ":
        end -= 1
    return end


def _printed_name(t: str, m: re.Match[str]) -> str:
    """A named form as printed, for a problem's message (its closing parenthesis kept)."""
    printed = t[m.start():m.end()].rstrip(" ,(")
    if printed.count("(") > printed.count(")") and t[m.end():m.end() + 1] == ")":
        printed += ")"
    return printed


def _organ_display(printed: str, folded: str) -> str:
    for o, disp in _ORGANS:
        if folded == o and disp:
            return disp
    words = printed.split()
    return " ".join(w if i == 0 or w[:1].isupper() else w for i, w in enumerate(words))[:1].upper() + \
        " ".join(words)[1:]


def _default_issuer_name(d: _Doc) -> str | None:
    return ISSUER_NAMES.get(d.issuer)
