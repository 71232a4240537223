"""Bylines and source credits (SPEC 3.5).

A byline is a short line of name tokens ("Long Hồ", "K.V", "S. Hải", "NGỌC PHÚ"), optionally with
the interviewer mark ("Hương Ly thực hiện", "Minh Minh (thực hiện)"), a work prefix ("Tin, ảnh:
NGUYỄN DUY HIỂN"), an outlet part ("Ngọc Thành/VOV.VN", "Minh Thu (TTXVN)", "Thế Kha - Dân Trí") or
an affiliation ("Bùi Xuân Việt, Học viện Chính trị Quốc gia Hồ Chí Minh"). "Theo TTXVN" is a
source credit: it names an outlet, not an author. Photo credits ("Ảnh: PV") are neither, and a
signature that names no person ("PV", "Nhóm phóng viên") is no byline.

``parse_byline`` reads a line that is only a byline; ``split_glued_tail`` finds one glued to the
end of the last paragraph, as scraped pages whose paragraph breaks were lost have it
("... của Đảng”. ĐỨC LƯỢNG", "... phù hợp công việc./. Ngọc Thành/VOV.VN").

Every pattern is compiled once and bounded; candidate tails are at most ``TAIL_MAX`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..text import fold


def _letters(upper: bool) -> str:
    """The Latin letters Vietnamese uses, upper or lower case, as a character-class body."""
    chars = [chr(c) for c in (*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))]
    return "".join(c for c in chars if c.isalpha() and (c.isupper() if upper else c.islower()))


_UPPER = _letters(True)
_LOWER = _letters(False)
# One name token: "Hương", "NGỌC", initials "K.V", "H.Thủy", "L.TUYẾT", "S.", "N.H.", "Tr.Hoàng",
# a hyphenated "Lê-Anh". A lone capital is read by the second form only ("{2,}" in the third), so
# that a line of them has one reading, not two for each.
_TOKEN = (rf"(?:(?:[{_UPPER}][{_LOWER}]?\.)+(?:[{_UPPER}][{_UPPER}{_LOWER}]*)?"
          rf"|[{_UPPER}][{_LOWER}]*(?:-[{_UPPER}][{_LOWER}]*)?"
          rf"|[{_UPPER}]{{2,}})")
# Tokens are joined by a space, or by nothing after a lower-case letter ("ThuHà"): never by nothing
# after a capital, where "NGỌC" could be read as one token, "N"+"GỌC", "NG"+"ỌC"... and a line of
# capitals that is no byline took seconds to reject, one way of reading after another.
_JOIN = rf"(?: |(?<=[{_LOWER}]))"
_NAME = rf"{_TOKEN}(?:{_JOIN}{_TOKEN}){{0,4}}"
_SEP = r"(?: ?(?:,|-|–|&) | và )"
_NAMES = rf"{_NAME}(?:{_SEP}{_NAME}){{0,3}}"
# work labels before a colon; "Tác giả:" and "Người viết:" name the author as plainly
# the interviewer's ("Thực hiện:", "Phỏng vấn:", "Ghi:"), a team's ("Nhóm PV:", "Nhóm thực hiện:")
_WORK = (r"(?:tin|bài|ảnh|video|clip|bài và ảnh|tin và ảnh|thực hiện|phỏng vấn|ghi|nhóm thực hiện"
         r"|nhóm phóng viên|nhóm pv|phóng viên|tác giả|người viết)")
# work labels that name the interviewer, and what parts labels ("Ảnh và thực hiện:")
_INTERVIEWER_WORK = frozenset({"thực hiện", "phỏng vấn", "ghi"})
_WORK_SEP = re.compile(r" ?(?:,|và|-|\+|&) ?")
_WORK_PREFIX = re.compile(rf"^(?i:{_WORK}(?: ?(?:,|và|-|\+|&) ?{_WORK}){{0,2}} ?: ?)")
_INTERVIEW = re.compile(r"(?i:,? ?\(? ?(?:thực hiện|phỏng vấn|ghi)\)?)$")
# an office's acronym with the unit it serves, in lower case: "UBND huyện", "MTTQ xã" (an outlet's
# acronym is a name: "VTC News")
_OFFICE_ACRONYM = re.compile(rf"[A-Z]{{2,6}} [{_LOWER}]")
_OUTLET_PAREN = re.compile(r" ?\((?P<o>[^()]{2,40})\)$")
# "Ngọc Thành/VOV.VN", and a bar as some pages print it: "Minh Anh | VOV"
_OUTLET_SLASH = re.compile(r" ?(?:/|(?<= )\|) ?(?P<o>[^/|]{2,40})$")
# (a hyphen inside a word belongs to the outlet's name: "Thu Hà - Đài PT-TH Hà Nội")
_OUTLET_DASH = re.compile(r" (?:-|–|và) (?P<o>(?:[^-–]|(?<=\S)[-–](?=\S)){2,30})$")
# the outlet first, then the author: "Báo Nhân Dân - Minh Anh" (the outlet's own hyphens kept: "Đài PT-TH
# Hà Nội - Thu Hà"); the first spaced dash parts them
_DASH_OUTLET = re.compile(r"^(?P<o>(?:[^-–]|(?<=\S)[-–](?=\S)){2,40}?) [-–] (?=\S)")
_THEO = re.compile(r"^(?:theo|nguồn ?:?) ", re.I)
_THEO_PAREN = re.compile(r"\((?:theo|nguồn ?:?) [^()]{2,40}\)$", re.I)
# where an author works, after the name: " - Học viện Chính trị khu vực I", "(Trường Chính trị tỉnh)"
# (a Party committee in either tone-mark spelling, "Huyện ủy", "Huyện uỷ"; an office, "Phòng Văn hóa",
# its name in capitals: "Phòng, chống tham nhũng" is no office)
_COMMITTEE_OR_OFFICE = rf"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) (?:ủy|uỷ)|Phòng(?= [{_UPPER}])"
_AFFIL_OPEN = re.compile(r"(?:Học viện|Trường|Viện|Đại học|Ban|Tạp chí|Sở|Bộ|Ủy ban|Uỷ ban|Hội|Trung tâm"
                         rf"|{_COMMITTEE_OR_OFFICE}|Cục|Vụ|Nhà xuất bản|Công ty|Giảng viên)\b")
_AFFIL_DASH = re.compile(rf" [-–] (?={_AFFIL_OPEN.pattern})")
AFFILIATION_OPEN = _AFFIL_OPEN   # (the layout reads an author's office on the line under the name)
_STAFF_PREFIX = re.compile(r"^(?:ctv|pv|phóng viên|nhà báo|nhóm pv|btv) (?=\w)", re.I)
# the photographer after the name: "Song Đào, ảnh: Nam Nguyễn", "Khánh Vũ. Ảnh: PV"; the name's full
# stop goes with the credit, an initial's stays ("Minh N. Ảnh: PV")
_PHOTO_SUFFIX = re.compile(rf"(?:[,;]|(?<![\s.][{_UPPER}])(?<!^[{_UPPER}])\.)? ?(?:[-–] )?(?:ảnh|Ảnh|ẢNH) ?: ?[^:]{{2,40}}$")
_NOT_OUTLET = frozenset({"thuc hien", "phong van", "ghi", "tong hop", "bien dich", "dich", "luoc dich", "t/h", "th", "th.", "theo"})
_AFFIL = re.compile(
    rf"^(?P<name>[^,]{{3,40}}), (?P<aff>(?:Học viện|Trường|Viện|Đại học|Ban|Tạp chí|Báo|Sở|Bộ|Ủy ban|Uỷ ban"
    rf"|Hội|Trung tâm|Khoa|{_COMMITTEE_OR_OFFICE}|Cục|Vụ|Nhà xuất bản|Nxb|Công ty|Học viên|Nghiên cứu sinh"
    rf"|Giảng viên|Phó giáo sư|Giáo sư|Tiến sĩ|Thạc sĩ|PGS|GS|TS|ThS)\b.{{0,80}})$")

_BYLINE = re.compile(rf"^(?P<name>{_NAMES})$")
_CREDIT = re.compile(r"^(?:theo|nguồn ?:?) (?P<outlet>[\w.\-&+ ]{2,40}?)$", re.I)
_OUTLET_ALONE = re.compile(r"^(?P<outlet>[\w.\-&+]{2,30}) ?[-–]$")
# a staff signature that names no person ("PV", "CTV", "BBT"); the alternatives share no opening,
# so that a row of them has one reading
_STAFF = r"(?:p\.v\.?|phóng viên|ptv|ctv|btv|pv\.?\w{0,3}|bbt|ban biên tập|\(?tổng hợp\)?)"
# several joined are one signature: "PV - CTV", "PV/CTV", "Nhóm PV, CTV"
_GROUP = re.compile(rf"^(?:nhóm )?{_STAFF}(?: ?[-–/,] ?{_STAFF})*(?: ?\((?:tổng hợp|t/h|th)\))?$", re.I)
_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.(?:vn|com|net|org|info)$", re.I)
_ASCII_CAPS = re.compile(r"^[A-Z][A-Z0-9+]{1,9}(?:\.[A-Z]{2,3})?$")
_SYLLABLE = re.compile(r"^(?:NGH|CH|GH|GI|KH|NG|NH|PH|QU|TH|TR|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}"
                       r"(?:CH|NG|NH|[CMNPT])?$")
_CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]*\+?$")
# capitals then small letters in one ASCII word, as no name is written: "TNTBros", "VTCNews"
_MIXED_CAPS = re.compile(r"^[A-Z]{2,}[a-z]{2,}[A-Za-z]*$")
# what may stand before a source credit that names no author: a label or initials ("HT", "Play HT"),
# up to three capitalised words and no sentence; anything longer is text the credit was glued to
_UNSIGNED_LABEL = re.compile(rf"[{_UPPER}][\w.,/]{{0,11}}(?: [{_UPPER}][\w.,/]{{0,11}}){{0,2}}")
_PHOTO = re.compile(r"^\(?(?:ảnh|nguồn ảnh|video|clip)\b", re.I)
# a credit's first word with no colon after it: no Vietnamese name opens with one of these
_PHOTO_WORDS = ("Ảnh ", "ẢNH ", "Video ", "VIDEO ", "Clip ", "CLIP ")
_INITIAL_PARTS = re.compile(r"[.\-]")
# a name's opening initials whose full stops were typed as commas, with no space after them:
# "Đ,Bắc" is "Đ.Bắc" (two names are joined by ", ", never by a bare comma). An initial is a capital,
# or a consonant pair ("Th", "Tr", "Ng", "Gi", "Qu"): a syllable ("Hà,Lan") is no initial.
_COMMA_INITIAL = re.compile(rf"(?:^|(?<=[.,]))([{_UPPER}](?:[hgr]|(?<=[Gg])i|(?<=[Qq])u)?),(?=[{_UPPER}])")

TAIL_MAX = 90
_DASHES = ("-", "–", "—")
SENTENCE_BOUNDARY = re.compile(r"(?:[.!?…]+[\"”’»)]*|[\"”’»)]|\./\.)\s+")
# Upper-case name after a sentence and before the footnotes: "... vào Đảng”. ĐỨC LƯỢNG (1) ..."
_CAPS_BEFORE_NOTES = re.compile(
    rf"(?<=[.!?…\"”])\s(?P<name>[{_UPPER}]{{2,}}(?: [{_UPPER}]{{2,}}){{1,3}})\s(?=[(\[]1[)\]])")
# A photo credit by an outlet, then the author, with no stop between: "Ảnh Zing Đức Long"
_PHOTO_THEN_NAME = re.compile(rf"^(?P<photo>Ảnh:? (?P<src>[A-Za-z][A-Za-z0-9.+\-]{{1,20}})) (?P<rest>[{_UPPER}].{{2,60}})$")


@dataclass(frozen=True, slots=True)
class BylineHit:
    name: str                 # display form
    raw: str                  # as printed
    role: str                 # author | interviewer | credit
    credit_outlet: str | None = None


def title_case(name: str) -> str:
    """"NGỌC PHÚ" -> "Ngọc Phú", "L.TUYẾT" -> "L.Tuyết"; initials and mixed case are kept."""
    def part(p: str) -> str:
        return p[:1] + p[1:].lower() if len(p) > 1 and p.isupper() else p

    def fix(word: str) -> str:
        if not any(c.isupper() for c in word[1:]):
            return word
        # keep the separators ("." of initials, "-" of compounds), case-fix each piece
        out, last = [], 0
        for m in _INITIAL_PARTS.finditer(word):
            out.append(part(word[last:m.start()]))
            out.append(m.group())
            last = m.end()
        out.append(part(word[last:]))
        return "".join(out)
    return " ".join(fix(w) for w in name.split())


def name_titles(titles: Iterable[str]) -> re.Pattern[str] | None:
    """The ranks, degrees and professions an author signs with before the name (``name_titles``
    of boilerplate.yaml: "Trung úy", "PGS", "Nhà thơ"), several in a row ("PGS, TS.", "Đại tá,
    PGS.TS"), compared without case: a pattern matching them and what parts them from the name.
    None for no titles."""
    words: dict[str, str] = {}
    dotted: list[str] = []
    for t in titles:
        # "PGS.TS" is "PGS" then "TS": kept whole it would be a second reading of the pair, and a
        # row of such pairs could be read in exponentially many ways
        for part in t.split(","):
            if not (part := " ".join(part.split()).strip(".")):
                continue
            if "." in part:
                dotted.append(part)
            else:
                words.setdefault(part.casefold(), part)
    for part in dotted:
        pieces = [" ".join(p.split()) for p in part.split(".")]
        if all(p.casefold() in words for p in pieces if p):
            continue     # "PGS.TS": its titles in a row, read one by one
        # "Th.S", "T.S": one title with a stop inside, whose pieces are no titles (so no second
        # reading), and no initial ("T." of "T.S. Hà") unless the whole is
        words.setdefault(part.casefold(), part)
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words.values(), key=len, reverse=True))
    # (no letter after a title: "TS" does not open "TSKH", nor "Trung sĩ" "Trung Sĩa")
    one = rf"(?:{alts})(?!\w)"
    # the title's full stop with no space before the name is as plain ("TS.LÊ VĂN BÌNH"): a capital
    # after it (tested with case) opens the name
    return re.compile(rf"^(?i:{one}(?:[.,]? ?{one})*)(?:\.?,? |\.(?=[{_UPPER}]))")


_INNER_STOP = re.compile(r"\.\w")


def _without_title(s: str, titles: re.Pattern[str] | None) -> str:
    """``s`` without the titles opening it, unless nothing would be left ("Trung Sĩ" alone is a name),
    or a title with a stop inside ("T.S") leaves one word that the whole signs with initials
    ("T.S. Hà", "T.S.Hà": no "Tiến sĩ Hà")."""
    m = titles.match(s) if titles is not None else None
    if not m:
        return s
    rest = s[m.end():]
    if not rest.strip(" ,-–"):
        return s
    if " " not in rest.strip() and _INNER_STOP.search(m.group()) and _is_name(s):
        return s
    return rest


class KnownOutlets(frozenset):
    """The folded names of known outlets, with how outlets' names open (``outlet_openings`` and
    ``outlet_name_openings`` of outlets.yaml, as printed: "Báo ", "Tạp chí "; "Bảo" opens names).
    A plain frozenset has no openings: only known names and shapes (a domain, an acronym) are outlets."""

    openings: tuple[str, ...]
    name_openings: tuple[str, ...]
    caps_openings: tuple[str, ...]

    def __new__(cls, names: Iterable[str] = (), openings: Iterable[str] = (),
                name_openings: Iterable[str] = ()) -> "KnownOutlets":
        self = super().__new__(cls, names)
        self.openings = tuple(openings)
        self.name_openings = tuple(name_openings)
        # a name printed in capitals opens with them in capitals: "THANH TÂM - BÁO YÊN BÁI"
        self.caps_openings = tuple(dict.fromkeys(o.upper() for o in self.openings))
        return self

    def with_names(self, names: Iterable[str]) -> "KnownOutlets":
        """These and ``names``, with the same openings."""
        return KnownOutlets(self | frozenset(names), self.openings, self.name_openings)


def _openings(known: frozenset[str]) -> tuple[str, ...]:
    """How outlets' names open: a name so opening is an outlet's ("Báo Quân đội nhân dân")."""
    return known.openings if isinstance(known, KnownOutlets) else ()


def _caps_openings(known: frozenset[str]) -> tuple[str, ...]:
    """``_openings`` in capitals, for a name printed in capitals ("BÁO YÊN BÁI")."""
    return known.caps_openings if isinstance(known, KnownOutlets) else ()


def _name_openings(known: frozenset[str]) -> tuple[str, ...]:
    """Openings of no one's name ("Đài Trang" may sign, "Đài Phát thanh" no one): such a line alone is a credit."""
    return known.name_openings if isinstance(known, KnownOutlets) else ()


# what a line holding an outlet's name and more has: an author or a sentence beside it
_OUTLET_NAME_BREAK = re.compile(r"[,;:()/|]| [-–] |[.!?…](?: |$)")


def looks_like_outlet(s: str, known: frozenset[str] = frozenset()) -> bool:
    """An outlet name: known (folded), a domain, an ASCII acronym ("TTXVN"), or CamelCase ("VietTimes")."""
    s = s.strip(" .")
    if not s:
        return False
    if "/" in s:    # an agency and the outlet that ran its story: "TTXVN/Vietnam+"
        return looks_like_outlet(s.split("/", 1)[0], known)
    f = fold(s).strip()
    if f in known or s.startswith(_openings(known)) or s.isupper() and s.startswith(_caps_openings(known)):
        return True
    head = (s.split("-")[0].split() or s.split() or [s])[0]
    if _DOMAIN.match(s) or _CAMEL.match(head) or _MIXED_CAPS.match(head):
        return True
    if s == head and len(s) >= 6 and s.isascii() and s.isalpha() and s[0].isupper() \
            and not _SYLLABLE.match(s.upper()):
        return True   # a site's name run together, no syllable of a name: "Trithucthoidai"
    # an acronym ("TTXVN", "VOV", "VGP"), not a name syllable printed in capitals ("HUY", "MINH")
    return bool(_ASCII_CAPS.match(head) and not _SYLLABLE.match(head.split(".")[0]))


# An English word: a letter Vietnamese lacks, or a cluster no Vietnamese syllable opens or ends
# with. Names of the Central Highlands peoples, written in Vietnamese letters, have clusters of their
# own ("Ksor", "Rmah", "Hlong", "Y Bih", "Nay", "Adrong"): the test leaves them alone.
_ENGLISH = re.compile(r"[FJWZ]|^(?:PL|CL|GL|FL|SL|CR|DR|GR|PR|FR|TW|SC|SK|SM|SN|SP|ST|SW|SH|WH|WR)"
                      r"|(?:CK|GHT|LL|SS|FF|TT|RD|RT|RS|TS|DS)$")
_HIGHLANDS_ONSET = re.compile(r"^[BHKMRY][^AEIOUY]")


def _foreign_word(token: str) -> bool:
    """An ASCII word written in lower case that reads as English: "Play", "Share", "John" (a video
    player's label glued before "HT (Theo DS)" made an author "Play Ht")."""
    if len(token) < 2 or not token.isascii() or not token.isalpha() or token.isupper():
        return False   # initials and acronyms ("HT", "TTXVN") are judged elsewhere
    word = token.upper()
    return not _SYLLABLE.match(word) and _ENGLISH.search(word) is not None \
        and not _HIGHLANDS_ONSET.match(word)


def _names_a_source(o: str, known: frozenset[str]) -> bool:
    """What follows "Theo" names an outlet, not a note: a capital or digit, a domain, or a known
    outlet ("Theo VGP", "theo nhandan.vn"; not "theo quy định", "theo lời kể")."""
    return o[:1].isupper() or o[:1].isdigit() or bool(_DOMAIN.match(o)) or fold(o) in known


# a weekday, printed apart from the date beside it ("Thứ Ba" / "07/06/2021"): no one's name
_WEEKDAY_NAME = re.compile(r"(?i:thứ (?:hai|ba|tư|năm|sáu|bảy|bẩy)|chủ nhật)")


def is_weekday(line: str) -> bool:
    """A line that is a weekday's name and nothing else ("Thứ Ba", "CHỦ NHẬT")."""
    return len(line) <= 10 and _WEEKDAY_NAME.fullmatch(line.strip(" ,.-–|")) is not None


def _is_name(name: str) -> bool:
    if not _BYLINE.match(name) or _WEEKDAY_NAME.fullmatch(name):
        return False
    tokens = name.replace("–", " ").replace("-", " ").replace(",", " ").split()
    tokens = [t for t in tokens if t != "và"]
    if len(tokens) > 10 or any(_foreign_word(t) for t in tokens):
        return False
    if len(tokens) == 1:
        t = tokens[0]
        # one token: only initials ("K.V", "L.TUYẾT"); "PV", "TP" and lone words are not names
        return "." in t.strip(".") and len(t) >= 3
    return True


def parse_byline(line: str, max_len: int = 80, known_outlets: frozenset[str] = frozenset(),
                 titles: re.Pattern[str] | None = None) -> BylineHit | None:
    """Parse a standalone byline or credit line; None when the line is not one. ``titles`` (made
    by ``name_titles``) are taken off the name's front ("Trung úy Hà Nam" signs "Hà Nam")."""
    if len(line) > max_len:
        # a paragraph (the last line is often one): when its head needs no squashing, the head
        # (but a space ending it) opens the squashed line too; no need to squash the whole
        # paragraph to see that it is too long
        head = line[:max_len + 2]
        if head.isprintable() and "  " not in head and not head.startswith(" ") \
                and len(head.rstrip(" ")) > max_len:
            return None
    s = " ".join(line.split()).strip()
    if not s or len(s) > max_len:
        return None
    raw = s
    s = s.strip(" |").rstrip(" .")   # "NGUYÊN ĐOAN |": the bar that parted the name from a date left out
    if len(s) >= 9:  # printed twice in a row: "X/VOV X/VOV"
        half = (len(s) - 1) // 2
        if len(s) % 2 == 1 and s[half] == " " and s[:half] == s[half + 1:]:
            s = s[:half].rstrip(" .")
    if ((_PHOTO.match(s) and ":" in s[:14]) or s.startswith(_PHOTO_WORDS)) and not _writes(s):
        return None  # a photo or video credit ("Ảnh: Minh Anh", "Video Minh Anh"): no author
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1].strip(" .")  # "(Theo VnExpress)"
    if _GROUP.match(s) and not _THEO_PAREN.search(s):
        return None  # "PV": a signature that names no person ("PV (Theo VOV)" still credits VOV)
    m = _CREDIT.match(s)
    if m is None and " " not in s.strip() and (fold(s) in known_outlets or _DOMAIN.match(s) or _CAMEL.match(s)):
        return BylineHit(name="", raw=raw, role="credit", credit_outlet=s)  # "VnExpress"
    if m is None and s.startswith(_name_openings(known_outlets)) and len(s) <= 50 and not _OUTLET_NAME_BREAK.search(s):
        return BylineHit(name="", raw=raw, role="credit", credit_outlet=s)   # "Báo Sơn La": no person
    if m is None and "/" in s:  # "TTXVN/Tin Tức": an agency story through another outlet, no
        head = s.split("/", 1)[0].strip()   # person: the credit is kept as printed
        if head and fold(head) in known_outlets and len(s) <= 40:
            return BylineHit(name="", raw=raw, role="credit", credit_outlet=s.strip())
    if m:
        o = m.group("outlet").strip()
        if _names_a_source(o, known_outlets):
            return BylineHit(name="", raw=raw, role="credit", credit_outlet=o)
        return None
    m = _OUTLET_ALONE.match(s)
    if m and looks_like_outlet(m.group("outlet"), known_outlets):
        return BylineHit(name="", raw=raw, role="credit", credit_outlet=m.group("outlet"))
    role = "author"
    m = _WORK_PREFIX.match(s)
    if m:
        if any(w in _INTERVIEWER_WORK for w in _WORK_SEP.split(m.group().lower().rstrip(" :"))):
            role = "interviewer"  # "Thực hiện: Minh Minh", "Phỏng vấn: Minh Minh"
        s = s[m.end():]
    m = _PHOTO_SUFFIX.search(s)  # "Song Đào, ảnh: Nam Nguyễn": the photographer is not an author
    if m and m.start() > 0:
        if m.group().startswith(".") and titles is not None and titles.match(s):
            return None   # "Đại tướng Võ Nguyên Giáp. Ảnh: Tư liệu": a portrait's caption, no signature
        s = s[:m.start()].rstrip(" ,")
    m = _STAFF_PREFIX.match(s)
    if m:
        s = s[m.end():]
    m = _INTERVIEW.search(s)
    if m:
        role, s = "interviewer", s[:m.start()].rstrip(" ,")
    m = _AFFIL_DASH.search(s)  # "TS. Nguyễn Văn A - Học viện Chính trị khu vực I"
    if m:
        s = s[:m.start()]
    outlet: str | None = None
    theo = False   # the outlet was given as a source ("(Theo VnExpress)"): a credit even without a name
    order = (_OUTLET_PAREN, _OUTLET_SLASH, _OUTLET_DASH) if s.endswith(")") else (_OUTLET_SLASH, _OUTLET_PAREN, _OUTLET_DASH)
    for rx in order:
        m = rx.search(s)
        if not m:
            continue
        o = m.group("o").strip()
        if rx is _OUTLET_DASH and _OFFICE_ACRONYM.match(o) and fold(o) not in known_outlets:
            s = s[:m.start()].rstrip()   # "Minh Anh - UBND huyện": where the author works, as in brackets
            continue
        if rx is _OUTLET_DASH and not looks_like_outlet(o, known_outlets):
            continue
        if rx is _OUTLET_PAREN and not _THEO.match(o) and not _THEO.match(s) \
                and (not looks_like_outlet(o, known_outlets) or _OFFICE_ACRONYM.match(o) and fold(o) not in known_outlets):
            # "(Trường Chính trị tỉnh)", "(Công an tỉnh)", "(UBND huyện)": an outlet in brackets is a
            # news outlet, known or shaped as one ("(TTXVN)", "(Báo Quảng Ninh)"); anything else is
            # where the author works, or a note ("(tổng hợp)"): left off, no outlet. After "Theo"
            # and a name, the brackets name the source, whatever its shape ("Theo Minh Anh (Dân Việt)")
            s = s[:m.start()].rstrip()
            continue
        if fold(o) in _NOT_OUTLET or _GROUP.match(o):
            s = s[:m.start()].rstrip()  # "(tổng hợp)", "(PV)": a note, not an outlet
            continue
        outlet, s = o, s[:m.start()].rstrip()
        m = _THEO.match(outlet)   # "Minh Anh (Theo VnExpress)": the outlet is "VnExpress"
        if m and len(outlet) > m.end():
            outlet, theo = outlet[m.end():].strip(), True
            if not _names_a_source(outlet, known_outlets):
                outlet, theo = None, False   # "(theo lời kể)": a note, not a source
        elif rx is _OUTLET_SLASH and s.endswith(")"):
            # "Thanh Hà (TTXVN)/Vietnam+": the agency's reporter in an outlet of its own; the
            # credit is kept as printed, as "TTXVN/Tin Tức" is
            m = _OUTLET_PAREN.search(s)
            if m and looks_like_outlet(m.group("o"), known_outlets):
                outlet, s = f"{m.group('o').strip()}/{outlet}", s[:m.start()].rstrip()
        break
    if outlet is None:
        m = _DASH_OUTLET.match(s)
        if m and looks_like_outlet(m.group("o"), known_outlets):
            outlet, s = m.group("o").strip(), s[m.end():]
    if outlet is not None:
        m = _THEO.match(s)  # "Theo Quốc Anh/Báo Dân trí": the author through an outlet
        if m:
            s = s[m.end():]
        m = _STAFF_PREFIX.match(s)
        if m:
            s = s[m.end():]
    if role == "author":  # "X/VOV (thực hiện)" and "X (thực hiện)/VOV" both occur
        m = _INTERVIEW.search(s)
        if m:
            role, s = "interviewer", s[:m.start()].rstrip(" ,")
    m = _AFFIL.match(s)
    if m and _is_name(_without_title(m.group("name"), titles)):
        s = m.group("name")
    if titles is not None and raw.endswith(_DASHES) and titles.match(s):
        # "PGS.TS Nguyễn Văn A -": a speaker's label, the answer after its dash cut off; an
        # author signs "Hồ Xuân Mai -" (the outlet after the dash cut off), not with a degree
        return None
    s = _without_title(s, titles)  # "PGS.TS Nguyễn Văn A": the title is not part of the name
    s = _COMMA_INITIAL.sub(r"\1.", s)
    name = s.strip(" ,-–")
    if _GROUP.match(name) or not _is_name(name):
        # "PV (Theo VOV)", "HT (Theo BI)": no name, but the source is plain. A sentence before it
        # ("... xuất sắc. (Theo TTXVN)") is text: the line is no byline, so the text is not dropped
        unsigned = not name or _GROUP.match(name) or _UNSIGNED_LABEL.fullmatch(name)
        return BylineHit(name="", raw=raw, role="credit", credit_outlet=outlet) if theo and outlet and unsigned else None
    return BylineHit(name=title_case(name), raw=raw, role=role, credit_outlet=outlet)


# the work labels of a picture alone: a credit line with one of these and nothing else names no author
_PHOTO_WORK = frozenset({"ảnh", "video", "clip"})


def _writes(s: str) -> bool:
    """``s`` opens with work labels of which one is the text's, not only the picture's ("Ảnh và
    thực hiện:", "Ảnh, bài:"): the person it names wrote or interviewed too."""
    m = _WORK_PREFIX.match(s)
    return m is not None and any(w and w not in _PHOTO_WORK
                                 for w in _WORK_SEP.split(m.group().lower().rstrip(" :")))


def has_work_label(line: str) -> bool:
    """The line opens with a work label and its colon ("Tác giả:", "Bài và ảnh:", "Thực hiện:")."""
    return _WORK_PREFIX.match(line) is not None


def is_group_signature(line: str) -> bool:
    """"PV", "Nhóm PV", "CTV": a signature that names no person (dropped, not a byline)."""
    return len(line) <= 40 and bool(_GROUP.match(" ".join(line.split()).strip(" .")))


def split_glued_tail(text: str, known_outlets: frozenset[str] = frozenset(), titles: re.Pattern[str] | None = None
                     ) -> tuple[str, BylineHit | None, str | None, str]:
    """Split a byline or credit glued to the end of the last paragraph.

    Returns ``(text_before, hit, tail_as_printed, text_after)``: ``hit`` is None when the tail is
    only a signature without a person ("PV"); ``tail`` is None when nothing was split, and
    ``text_after`` holds what follows the byline when it stands before footnotes (else "").
    """
    s = text.rstrip()
    n = len(s)
    if n < 4:
        return text, None, None, ""
    window = max(0, n - TAIL_MAX)
    starts = [m.end() for m in SENTENCE_BOUNDARY.finditer(s, window) if 0 < m.end() < n]
    for start in starts:  # the longest tail that reads as a byline wins
        tail = s[start:]
        m = _PHOTO_THEN_NAME.match(tail)
        if m and looks_like_outlet(m.group("src"), known_outlets):
            hit = parse_byline(m.group("rest"), TAIL_MAX, known_outlets, titles)
            if hit is not None and hit.role != "credit":
                # the photo credit stays with the caption it closes
                return f"{s[:start]}{m.group('photo')}", hit, m.group("rest"), ""
        hit = parse_byline(tail, TAIL_MAX, known_outlets, titles)
        if hit is not None:
            return s[:start].rstrip(), hit, tail, ""
        if titles is not None and tail.endswith(_DASHES) and titles.match(tail):
            break   # "... TS. LÊ VĂN BÌNH –": a speaker's label; its name after "TS. " is no signature
        if is_group_signature(tail):
            return s[:start].rstrip(), None, tail, ""
    # a byline in capitals between the text and its footnotes
    if "(1)" in s or "[1]" in s:
        last = None
        for m in _CAPS_BEFORE_NOTES.finditer(s):
            last = m
        if last is not None:
            hit = parse_byline(last.group("name"), TAIL_MAX, known_outlets, titles)
            if hit is not None:
                return s[:last.start()].rstrip(), hit, last.group("name"), s[last.end():].strip()
    return text, None, None, ""
