"""Find the administrative units an article is about (SPEC 3.4).

One Aho-Corasick scan over the tone-normalised, lower-cased text finds every gazetteer name and
alias; numbered units ("Quận 10", "Q.10", "phường 7") come from one small regular expression. Each
hit is then judged by its neighbourhood:

* a type word or abbreviation right before it ("huyện", "TX", "Q.", "Tỉnh ủy", "UBND tỉnh", ...)
  makes it a place of that level, if it is written capitalised ("thành phố thống nhất quan điểm" is
  no place); a type word covers a list of names right after it ("quận Ba Đình, Tây Hồ");
* without one, a name counts only if it is written capitalised, is a province, an alias, or a
  district name unique in the country, has two syllables or more, is not in ``marker_only``, and is
  not part of a person's name (a family or middle name or a form of address right before it,
  "Trương Hòa Bình", "chị Hà Nam", or further capitalised syllables right after it) nor the
  signature closing a text;
* words before it such as "báo", "sông", "đường", "sân bay" make it part of another entity's name, and
  so the names joined to it by dashes ("cao tốc Hà Nội - Lào Cai").

A name that several units share (Châu Thành, Tân Uyên, Phường 10) is decided by the provinces and
districts the rest of the article names; what stays open is reported as ``ambiguous-locality``.
Units are taken as they were at the article's date (Quận 2 in 2019), names shown as they were then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..gazetteer import LETTER_NUMBERED_WORDS, Gazetteer, lower_same_length, spellings, when_range
from ..model import Locality, Problem
from ..text import find_all, finditer_at, tone_normalize, vi_sorted

# Type words and abbreviations, matched right before a name (lower-cased text; both tone
# conventions): their group says which levels and unit types they announce. A unit's bodies count
# as it ("Tỉnh ủy", "Tỉnh Đoàn": its youth union, not the family name Đoàn).
_MARKER_WORDS: list[tuple[str, str]] = sorted(
    {(v, g) for words, g in [
        (("ủy ban nhân dân tỉnh", "ubnd tỉnh", "hđnd tỉnh", "tỉnh ủy", "tỉnh đoàn", "tỉnh"), "P"),
        (("thành ủy", "thành đoàn", "thành phố đảo", "thành phố", "tp.", "tp", "t.p.", "t.p"), "C"),
        (("quận ủy", "quận đoàn", "quận", "q."), "Q"),
        (("huyện ủy", "huyện đoàn", "huyện đảo", "huyện", "h."), "H"),   # "huyện đảo": an island's
        (("thị ủy", "thị đoàn", "thị xã", "tx.", "tx"), "X"),
        (("thị trấn", "tt."), "T"),
        (("tt",), "t"),     # undotted: also "thông tin", "Thủ tướng"; a town's only (``_judge``)
        (("phường", "p."), "W"),
        (("xã", "x."), "W"),      # "X.Tân Thạnh Đông" (not after a family name: "Nguyễn X. Hòa")
        (("đô thị",), "V"),     # a city's or a town's (only those): "đô thị Vinh", "đô thị Phú Mỹ"
    ] for w in words for v in spellings(w)},
    key=lambda t: -len(t[0]))
_MARKER_TAILS = frozenset(w.rsplit(" ", 1)[-1] for w, _ in _MARKER_WORDS) | {")"}
_PAREN_TAIL = re.compile(r"\([^()]{1,8}\) ?$")
_TAIL_LAST = frozenset(w[-1] for w in _MARKER_TAILS)


_MARKER_MAP: dict[str, str] = {w: g for w, g in _MARKER_WORDS}
_MARKER_LEN = max(len(w.split()) for w, _ in _MARKER_WORDS)
# last word of a type word of two words or more -> those word counts, longest first
_MARKER_KS: dict[str, tuple[int, ...]] = {}
for _w, _g in _MARKER_WORDS:
    _n = len(_w.split())
    if _n > 1:
        _MARKER_KS[_w.split()[-1]] = tuple(sorted(set(_MARKER_KS.get(_w.split()[-1], ())) | {_n}, reverse=True))


# The window a type word is looked for in, and what was found there: (group, how far back from the
# window's end the type word starts) or None. Phrases before names recur ("UBND tỉnh ", "trên địa
# bàn huyện "), so a window seen before costs one look-up; kept for a bounded number of windows.
_MARKER_WINDOW = 40
_MARKER_SEEN: dict[str, tuple[str, int] | None] = {}


def _marker_before(low: str, pos: int) -> tuple[str, int] | None:
    """The type word right before ``pos`` ("huyện ", "tp.", "Thị xã (TX) "): its group and start."""
    lo = max(0, pos - _MARKER_WINDOW)
    w = low[lo:pos]
    seen = _MARKER_SEEN.get(w, _MARKER_SEEN)
    if seen is _MARKER_SEEN:
        if len(_MARKER_SEEN) >= 50_000:
            _MARKER_SEEN.clear()
        found = _marker_in(w)
        seen = _MARKER_SEEN[w] = None if found is None else (found[0], len(w) - found[1])
    return None if seen is None else (seen[0], pos - seen[1])


def _marker_in(window: str) -> tuple[str, int] | None:
    """The type word ending ``window`` (white space apart): its group and its start in ``window``
    (``len(window)`` when it is not found there as its words are joined)."""
    # the last character of the last word (one space, then any white space, skipped) must end a
    # type word (or be ")"), else there is none: most names have no type word before them
    i = len(window) - 1
    if i >= 0 and window[i] == " ":
        i -= 1
    while i >= 0 and window[i].isspace():
        i -= 1
    if i > 0 and window[i] == ":" and window[i - 1] in _TAIL_LAST:
        # a colon right after the type word opens its list: "các xã: Vĩnh Thành, Vĩnh Lợi"
        window = window[:i] + " "
        i -= 1
    if i < 0 or window[i] not in _TAIL_LAST:
        return None
    w = window[:-1] if window.endswith(" ") else window
    if w.endswith(")"):
        m = _PAREN_TAIL.search(w)
        if m:
            w = w[:m.start()].rstrip()
    last = w.rsplit(None, 1)        # the last word first: most names have no type word before them
    if not last or last[-1] not in _MARKER_TAILS and last[-1].lstrip("(“\"'[,;:") not in _MARKER_TAILS:
        return None
    tail = last[-1]
    # only word counts of type words ending with this last word can match (longest first, as before)
    ks = _MARKER_KS.get(tail)
    if ks:
        words = w.rsplit(None, _MARKER_LEN)
        for k in ks:
            if k > len(words):
                continue
            cand = " ".join(words[-k:]).lstrip("(“\"'[,;:")
            grp = _MARKER_MAP.get(cand)
            if grp is not None:
                j = w.rfind(cand)
                return grp, (j if j >= 0 else len(window))
    cand = tail.lstrip("(“\"'[,;:")
    grp = _MARKER_MAP.get(cand)
    if grp is not None:
        j = w.rfind(cand)
        return grp, (j if j >= 0 else len(window))
    return None


_DISTRICT_TYPES = {"Q": {"Quận"}, "H": {"Huyện"}, "X": {"Thị xã"}, "C": {"Thành phố"}}
_URBAN_TYPES = {"province": {"Thành phố"}, "district": {"Thành phố", "Thị xã"}}
_WARD_TYPES = {"W": {"Phường", "Xã"}, "T": {"Thị trấn"}}

# (a colon may open a list of them: "các quận: 7, 12"; a district's Party committee is named by its
# number too: "Quận ủy 1, 3 và 5")
_NUMBERED = re.compile(r"(?<![^\W_])(quận(?: ủy| uỷ)?|q\.|phường|p\.):? ?(\d{1,2})(?![^\W_])")
_NUMBERED_WORDS = ("quận", "q.", "phường", "p.")
# the capital letter alone ("Q1", "Q 1", "P7"): also a quarter of a year ("Q1/2020", "quý Q1"), a seat,
# a paper size, so a unit only where the place around it says so (``_Scanner._letter_numbered_ok``)
_LETTER_NUMBERED = re.compile(r"(?<![^\W_])([QP]) ?(\d{1,2})(?![^\W_]|[/.,]\d)")
# a list of names right after one type word, which covers them all ("quận Ba Đình, Tây Hồ", "các
# quận 1, 3 và 5"): what joins them, and a further number of a numbered unit's list
_LIST_SEPS = (", ", " và ", " và các ")
_NUMBERED_LIST = re.compile(r"(?:, ?| và (?:các )?)(\d{1,2})(?![^\W_])")
# what joins a district's name to its own province's ("Ba Đình, Hà Nội", "Tây Hồ (Hà Nội)")
_OWN_PROVINCE = (", ", " (")


def _numbered_in(g: Gazetteer, matcher) -> bool:
    """Does the gazetteer's automaton report every type word of ``_NUMBERED_WORDS`` (with an empty
    form)? Then their places come from the names' scan; else from ``find_all``."""
    seen = g.derived.get("numbered")
    if seen is None or seen[0] is not matcher:
        seen = g.derived["numbered"] = (matcher, all(matcher.get(w, (None,))[0] == "" for w in _NUMBERED_WORDS))
    return seen[1]


def _letters_in(g: Gazetteer, matcher) -> bool:
    """Does the gazetteer's automaton report "q1", "p 7" (``LETTER_NUMBERED_WORDS``, form "@")?"""
    seen = g.derived.get("letters")
    if seen is None or seen[0] is not matcher:
        seen = g.derived["letters"] = (matcher, all(matcher.get(w, (None,))[0] == "@" for w in LETTER_NUMBERED_WORDS))
    return seen[1]


_YEAR_AFTER = re.compile(r"\s*,\s*(?:1[89]|20)\d\d\b")
# a signature: only spaces, dots, closing brackets and dashes after the name to the line's end,
# and before it the line's start or a sentence's end (or a dash)
_SIGNATURE_END = re.compile(r"[ .)\-]*(?:\n|\Z)")
_SIGNATURE_AFTER = frozenset(".!?…\"”)/-\n")
_WORD_AFTER = re.compile(r"^ ([^\W\d_][^\W_]*)")
# what may close a word after a name before the words of ``not_place_after`` are compared
_AFTER_PUNCT = ".,;:)\"'”’»"
# a chain of names joined by dashes ("cao tốc Hà Nội - Lào Cai"): the dashes, and how far back it is
# followed (names, words of one name, characters of one word)
_CHAIN_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_CHAIN_LINKS = 6
_CHAIN_WORDS = 5
_CHAIN_WORD_LEN = 24
# capitalised words looked back over for an entity word opening a name that ends with a place's
# ("Nhà máy Ethanol Phú Thọ")
_ENTITY_NAME_WORDS = 3
# words (a dash counts as one) looked back over for a company's name ("Công ty cổ phần DAP Lào Cai")
_COMPANY_NAME_WORDS = 10
# lower-case words in a row a company's name may hold ("Công ty TNHH Khai thác công trình thủy lợi X")
_COMPANY_LOWER_WORDS = 5
# lower-case words in a row right after a company word, no title-case word among them, that may be
# its name's trade ("công ty cấp nước Bắc Giang", "công ty môi trường đô thị X")
_COMPANY_TRADE_WORDS = 4
# how far the brackets after a name are looked into for a foreign country ending them
_ABROAD_BRACKET = 64
_LEVEL_RANK = {"province": 0, "district": 1, "ward": 2}


@dataclass
class LocalityResult:
    localities: list[Locality] = field(default_factory=list)
    primary: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    text: str                 # as written (normalised)
    candidates: list[str]     # unit keys (a list shared between hits: replaced, never mutated)
    marker: str | None        # marker group letter, None for a bare name
    wards: bool = False       # every candidate is a ward
    order: int = 0
    typed_at: int = -1        # where its type word starts ("quận Gò Vấp"); -1: none before the name
    needs: str | None = None  # a province the article must name by another hit, else no place ("P10, Q5")


def _is_title(word: str) -> bool:
    return bool(word) and word[0].isupper() and (len(word) == 1 or not word[1:].isupper())


def _title_after(text: str, end: int) -> bool:
    """Is the word right after ``end`` capitalised (a longer name goes on)?"""
    m = _WORD_AFTER.match(text[end:end + 30])
    return bool(m) and _is_title(m.group(1))


_CAP_SPLIT = re.compile(r"[ \-]+")


def _capitalised(s: str) -> bool:
    return all(w[0].isupper() or w[0].isdigit() for w in _CAP_SPLIT.split(s) if w)


def _bare_candidates(g: Gazetteer, pat: str, named: "list[str] | tuple[str, ...]", alias: list[str],
                     span: tuple[str, str] | None) -> list[str]:
    """The units a name written without a type word can be, among ``named`` (the units called
    ``pat`` during ``span``) and its aliases' units."""
    cands = list(named)
    if alias:
        cands = alias + [c for c in cands if c not in alias]
    if pat in g.marker_only:
        return []           # (an alias too: "HCM" is a place only after a type word)
    cands = [c for c in cands if g.unit(c).level != "ward"]
    # a single-syllable bare name (Vinh, Huế) needs a type word unless it is an alias
    if " " not in pat and "-" not in pat:
        cands = [c for c in cands if c in alias]
    # a bare name that is also a province means the province
    provs = [c for c in cands if g.unit(c).level == "province"]
    if provs and not alias:
        cands = provs
    return [c for c in cands if g.valid(c, span)] or [c for c in cands]


def _typed_only(g: Gazetteer) -> dict[str, bool]:
    """Per name: is it never a place without a type word before it, at any time?

    Kept per gazetteer, filled as names are met. ``_bare_candidates`` of every unit ever called
    so is empty: each of its filters keeps a subset of what it is given, and the units called so
    during a span are a subset of those (or all of them), so no span gives any candidate either.
    """
    table = g.derived.get("typed_only")
    if table is None:
        table = g.derived["typed_only"] = {}
    return table


def _char_before_space(low: str, i: int) -> str:
    """The last character at or before ``i`` that is not white space ("" when there is none).

    (Squashed text has one white space character at most before a name; however long the run,
    only the name or names right after it look back over it.)"""
    while i >= 0 and low[i].isspace():
        i -= 1
    return low[i] if i >= 0 else ""


class _Scanner:
    def __init__(self, g: Gazetteer, span: tuple[str, str] | None):
        self.g = g
        self.span = span
        self.names = g.names()
        # (name, type word) -> (units (never mutated), whether all of them are wards)
        self._cands: dict[tuple[str, str | None], tuple[list[str], bool]] = {}
        stops = g.derived.get("stops")
        if stops is None:
            before = frozenset(v for x in g.not_place_before for v in spellings(x))
            after = frozenset(v for x in g.not_place_after for v in spellings(x))
            typed = frozenset(v for x in g.not_place_before_type_word for v in spellings(x))
            company = frozenset(v for x in g.company_words for v in spellings(x))
            longest = max(len(x.split()) for x in before | after | typed | company | {""})
            stops = (before, after, longest, frozenset(x.split()[-1] for x in before | typed | company),
                     frozenset(x.split()[0] for x in after), typed, company)
            g.derived["stops"] = stops
        (self.stop_before, self.stop_after, self.stop_words, self.stop_before_last, self.stop_after_first,
         self.stop_before_typed, self.company) = stops
        # candidates per (name, type word) shared by every article: a name none of whose units has
        # dated names or a validity span gets the same candidates at any time, so is keyed without it
        shared = g.derived.get("candidates")
        if shared is None or len(shared[0]) > 200_000:
            shared = ({}, {})
            g.derived["candidates"] = shared
        self._shared, self._timeless = shared

    # -- context tests ---------------------------------------------------------------------

    def _entity_before(self, low: str, pos: int, typed: bool = False, company: bool = False) -> bool:
        """Is the name (or its type word, ``typed``) starting at ``pos`` the tail of another entity's
        name (``company``: a company's)?"""
        stops = self.stop_before_typed if typed else self.company if company else self.stop_before
        window = low[max(0, pos - 50):pos].replace("(", " ")
        last = window.rsplit(None, 1)   # the last word decides most cases
        if not last or last[-1] not in self.stop_before_last:
            return False
        words = window.split()
        for k in range(1, min(self.stop_words, len(words)) + 1):
            if " ".join(words[-k:]) in stops:
                return True
        return False

    def _in_chain(self, text: str, low: str, pos: int) -> bool:
        """Is the name starting at ``pos`` a later link of a chain of capitalised names joined by
        dashes after an entity word ("cao tốc Hà Nội - Lào Cai", "sông Sài Gòn – Đồng Nai",
        "hành lang kinh tế Côn Minh - Lào Cai - Hà Nội")? Looked back over a few names of a few
        words each, so the cost is bounded."""
        for _ in range(_CHAIN_LINKS):
            i = pos - 1 if pos > 0 and text[pos - 1] == " " else pos
            if i == 0 or text[i - 1] not in _CHAIN_DASHES:
                return False
            i -= 1
            if i > 0 and text[i - 1] == " ":
                i -= 1
            start = -1
            for _ in range(_CHAIN_WORDS):       # the capitalised words of the name before the dash
                lo = max(0, i - _CHAIN_WORD_LEN)
                j = text.rfind(" ", lo, i)
                if j < 0 and lo > 0:
                    break
                w = text[j + 1:i]
                if not w or not (w[0].isupper() or w[0].isdigit()):
                    break
                start = j + 1
                if self._entity_before(low, start):
                    return True
                if j < 0:
                    break
                i = j
            if start < 0:
                return False
            pos = start
        return False

    def _entity_name_before(self, text: str, low: str, start: int) -> bool:
        """Is the bare name at ``start`` the end of a capitalised name an entity word opens ("Nhà
        máy Ethanol Phú Thọ")? Looked back over a few title-case words written right before it
        (no punctuation: "làng Sen, Nghệ An" is a place; nor acronyms: "Hội trường UBND Hà Nội").
        A company's name (``company_words``) is looked back over further, and may hold acronyms,
        dashes, and lower-case words after a title-case word ("Công ty cổ phần DAP Lào Cai", "Tổng
        Công ty Bia - Rượu - Nước giải khát Hà Nội", "Công ty TNHH MTV Cấp nước Bắc Giang") unless
        one of them ends a name (``company_name_breaks``: "Công ty X đầu tư tại Hà Nội", "Tập đoàn X
        hỗ trợ Hà Giang"); a few words at most."""
        i = start
        titles = 0
        extended = False    # past what an entity word's name may hold: only a company's now
        lower_run = 0       # lower-case words right before (a title-case word must open them)
        breaks = self.g.company_name_breaks
        after = ""          # the word after the one looked at (a break may be two words)
        for _ in range(_COMPANY_NAME_WORDS):
            if i < 2 or text[i - 1] != " ":
                return False
            j = i - 1
            lo = max(0, j - _CHAIN_WORD_LEN)
            k = text.rfind(" ", lo, j)
            if k < 0 and lo > 0:
                return False
            w = text[k + 1:j]
            if len(w) == 1 and w in _CHAIN_DASHES:
                if lower_run:
                    return False
                extended = True
                i = k + 1
                after = ""
                continue
            if not w.isalpha():
                return False
            if _is_title(w):
                titles += 1
                lower_run = 0
            elif w.isupper() and len(w) > 1:
                if lower_run:
                    return False
                extended = True
            elif w.islower():
                lower_run += 1
                if lower_run > _COMPANY_LOWER_WORDS or w in breaks or (after and f"{w} {after}" in breaks):
                    return False
                if not titles and lower_run <= _COMPANY_TRADE_WORDS and self._one_company_before(low, k + 1):
                    return True     # all in lower case: "công ty cấp nước Bắc Giang"
                extended = True
                i = k + 1
                after = w
                continue
            else:
                return False
            after = ""
            if extended or titles > _ENTITY_NAME_WORDS:
                if self._entity_before(low, k + 1, company=True):
                    return True
            elif self._entity_before(low, k + 1):
                return True
            i = k + 1
        return False

    def _one_company_before(self, low: str, pos: int) -> bool:
        """Do the words right before ``pos`` end with a company word (``company_words``) naming one
        company: not after a break such as "các", "những", "nhiều" ("các công ty cấp nước Bắc Giang"
        are the companies in that province)?"""
        window = low[max(0, pos - 50):pos]
        last = window.rsplit(None, 1)
        if not last or last[-1] not in self.stop_before_last:
            return False
        words = window.split()
        breaks = self.g.company_name_breaks
        for k in range(1, min(self.stop_words, len(words)) + 1):
            if " ".join(words[-k:]) in self.company:
                before = words[-k - 1] if len(words) > k else ""
                two = " ".join(words[-k - 2:-k]) if len(words) > k + 1 else ""
                return before not in breaks and two not in breaks
        return False

    def _entity_after(self, low: str, end: int) -> bool:
        window = low[end:end + 50]
        first = window.split(None, 1)   # the first word decides most cases
        if not first or first[0].rstrip(_AFTER_PUNCT) not in self.stop_after_first:
            return False
        words = window.split()
        for k in range(1, min(self.stop_words, len(words)) + 1):
            if " ".join(words[:k]).rstrip(_AFTER_PUNCT) in self.stop_after:
                return True
        return False

    def _addressed(self, text: str, start: int) -> bool:
        """A bare capitalised name right after a form of address ("chị Hà Nam", "Đồng chí Thái
        Bình"): a person. A one-word form counts in lower case or opening a sentence only ("Em Hà
        Giang ...", not "Vương quốc Anh"), and not after another form ("anh em Thái Bình")."""
        address = self.g.person_address
        lo = max(0, start - 24)
        seg = text[lo:start]
        if not address or not seg.endswith(" "):
            return False
        words = seg[:-1].split(" ")
        if lo > 0:
            words = words[1:]       # (the first may be cut)
        for k in (3, 2, 1):         # the longest form first ("chuẩn đô đốc")
            if len(words) < k:
                continue
            cand = " ".join(words[-k:])
            if lower_same_length(tone_normalize(cand)) not in address:
                continue
            if k == 1 and not cand.islower():
                i = start - 2 - len(cand)
                while i >= 0 and text[i] == " ":
                    i -= 1
                if i >= 0 and text[i] not in "\n.!?:;…\"“”(-–—":
                    return False    # a capitalised word inside a sentence: a name, no address
            prev = words[-k - 1] if len(words) > k else ""
            return not (prev and lower_same_length(tone_normalize(prev)) in address)
        return False

    def _person_context(self, text: str, start: int, end: int) -> bool:
        """A bare capitalised name inside a longer personal name, or after a form of address."""
        if self._addressed(text, start):
            return True
        lo = max(0, start - 40)
        seg = text[lo:start]
        if seg.endswith(" "):
            parts = seg[:-1].split(" ")
            if lo > 0:
                parts = parts[1:]
            w = parts[-1] if parts else ""
            if w.isalnum() and _is_title(w):
                if lower_same_length(tone_normalize(w)) in self.g.person_words:
                    return True
                # two capitalised words before it, not at a sentence start: "Nguyễn Đắc | Vinh"
                w2 = parts[-2] if len(parts) > 1 else ""
                if w2.isalnum() and _is_title(w2) and not w2.isupper():
                    return True
        m = _WORD_AFTER.match(text[end:end + 30])
        if m and _is_title(m.group(1)) and (not m.group(1).isupper() or len(m.group(1)) == 1):
            return True           # "Bế Xuân Trường", "Vĩnh Lộc A"
        return text.startswith("/", end) and text[end + 1:end + 2].isalpha()   # "Bình Minh/VOV.VN"

    def _alias_of_something_else(self, text: str, low: str, end: int, keys: list[str]) -> bool:
        """"Thủ đô Viêng Chăn": an alias followed by another capitalised name (not its own unit's
        name, not a person's family name) names something else."""
        m = _WORD_AFTER.match(text[end:end + 30])
        if not m or not _is_title(m.group(1)) or m.group(1).isupper():
            return False
        w = lower_same_length(tone_normalize(m.group(1)))
        if w in self.g.person_words:
            return False
        rest = low[end + 1:end + 40]
        for k in keys:
            u = self.g.unit(k)
            if u and rest.startswith(lower_same_length(u.short_name)):
                return False
        return True

    @staticmethod
    def _citation(low: str, start: int, end: int) -> bool:
        """A publisher's place in a reference: "Nxb Chính trị quốc gia, Hà Nội, 2010"."""
        if not _YEAR_AFTER.match(low, end):
            return False
        before = low[max(0, start - 80):start]
        return "nxb" in before or "nhà xuất bản" in before

    @staticmethod
    def _signature(text: str, start: int, end: int) -> bool:
        """A bare name that closes a text after a sentence's end: the signature ("... ./. Hà Giang").

        Both looks stop at the first character that decides: a name repeated along one long line
        must not make each of its hits read to the line's ends (that was quadratic)."""
        if not _SIGNATURE_END.match(text, end):
            return False
        i = start - 1
        while i >= 0 and text[i] != "\n" and text[i].isspace():
            i -= 1
        return i < 0 or text[i] in _SIGNATURE_AFTER

    # -- scanning --------------------------------------------------------------------------

    def scan(self, text: str, base_order: int, low: str | None = None) -> list[_Hit]:
        """Hits in ``text`` (blocks joined by line breaks, white space already squashed);
        ``low``: ``text`` lower-cased, when the caller has it."""
        if low is None:
            low = lower_same_length(text)
        # (start, end, name, whether a type word can end right before it)
        found: list[tuple[int, int, str, bool]] = []
        n = len(low)
        matcher = self.g.matcher()
        numbered: list[int] | None = [] if _numbered_in(self.g, matcher) else None
        add = found.append
        letters: list[int] | None = [] if _letters_in(self.g, matcher) else None
        for end_idx, (pat, length) in matcher.iter(low):
            start = end_idx - length + 1
            if not pat:                     # a type word of numbered units ("quận", "p.")
                if numbered is not None:
                    numbered.append(start)
                continue
            if pat == "@":                  # "q1", "p 7": a unit only if written "Q1", "P 7"
                if letters is not None and text[start] in "QP":
                    letters.append(start)
                continue
            before = low[start - 1] if start else ""
            if before.isalnum():
                continue
            end = end_idx + 1
            if end < n and low[end].isalnum():
                continue
            # the last character before it, white space skipped: a type word before it must end
            # with one of ``_TAIL_LAST`` (``_marker_before``'s first test)
            if before.isspace():
                before = low[start - 2] if start > 1 else ""
                if before.isspace():
                    before = _char_before_space(low, start - 3)
            typed = before in _TAIL_LAST or before == ":"     # ("các xã: Vĩnh Thành")
            # a name is written capitalised, after a type word too ("thành phố thống nhất quan
            # điểm" is no Huyện Thống Nhất); numbered units ("quận 10") are found apart
            if not text[start].isupper():
                continue
            if not typed and self._never_bare(pat) and not low.endswith(_LIST_SEPS, 0, start) \
                    and not low.startswith(_OWN_PROVINCE, end):
                if " " in pat:
                    add((start, end, "!", False))   # no place here, but the names inside it are its
                continue
            add((start, end, pat, typed))
        # numbered units: every match starts at one of the type words, found with ``str.find`` (the
        # regex tried only there yields exactly what ``finditer`` would)
        starts = sorted(set(numbered)) if numbered is not None else find_all(low, _NUMBERED_WORDS)
        if letters is None:         # (an automaton without them: looked for with ``str.find``)
            letters = []
            for letter in "QP":
                i = text.find(letter)
                while i >= 0:
                    letters.append(i)
                    i = text.find(letter, i + 1)
        for i in letters:
            m = _LETTER_NUMBERED.match(text, i)
            if m:
                found.append((m.start(), m.end(), "@" + m.group(1).lower() + m.group(2), True))
        for m in finditer_at(_NUMBERED, low, starts):
            found.append((m.start(), m.end(), "#" + m.group(1)[0] + m.group(2), True))
            # the further numbers of a list ("quận 1, 3 và 5"): "+" and the unit, taken if the
            # one before is
            kind, pos = m.group(1)[0], m.end()
            while (more := _NUMBERED_LIST.match(low, pos)) is not None:
                found.append((more.start(1), more.end(1), "+" + kind + more.group(1), True))
                pos = more.end()
        return self._select(text, low, found, base_order)

    def _select(self, text: str, low: str, found: list[tuple[int, int, str, bool]], base_order: int) -> list[_Hit]:
        """Judge every candidate span of ``found`` (start, end, name, whether a type word can end
        before it), then keep the leftmost-longest accepted ones."""
        found.sort(key=lambda t: (t[0], -t[1]))
        hits: list[_Hit] = []
        last_end = -1
        # the end of a longer name written capitalised that is no place here ("Hòa Bình Thạnh", a
        # ward named without its type word): a name inside it is part of it ("Bình Thạnh")
        shadow_end = -1
        for idx, (s, e, p, typed) in enumerate(found):
            if s < last_end or e <= shadow_end:
                continue
            if p == "!":
                if _capitalised(text[s:e]):
                    shadow_end = e
                continue
            # right after a place with a type word and a list's joint: that type word covers it too
            listed = hits and hits[-1].marker is not None and low[hits[-1].end:s] in _LIST_SEPS
            if p[0] == "@":
                h = self._judge(text, low, s, e, "#" + p[1:])
                if h is None or not self._letter_numbered_ok(text, low, found, idx, hits, h):
                    continue
            elif p[0] == "+":
                if not listed:
                    continue
                h = self._judge(text, low, s, e, "#" + p[1:])
            else:
                h = self._judge(text, low, s, e, p, typed)
                if listed and text[s].isupper() and (h is None or (
                        h.marker is None and self._list_reading(h, hits[-1]))):
                    h = self._judge(text, low, s, e, p, False, hits[-1].marker) or h
                if h is None and text[s].isupper() and low.startswith(_OWN_PROVINCE, e):
                    h = self._before_its_province(text, low, found, idx)
            if h is not None:
                h.order = base_order + s
                hits.append(h)
                last_end = e
            elif p[0] not in "#+" and " " in p and self._never_bare(p) and _capitalised(text[s:e]):
                shadow_end = e
        return hits

    def _letter_numbered_ok(self, text: str, low: str, found: list[tuple[int, int, str, bool]], idx: int,
                            hits: list[_Hit], h: _Hit) -> bool:
        """Is a numbered unit written with its capital letter alone ("Q1", "P 7") one here? Only in an
        address: after a ward of its district joined by a comma ("phường Bến Nghé, Q1"), or before a
        comma or a bracket and a name of the unit it is in ("Q1, TP.HCM", "P7, Q3", "P7, quận Gò
        Vấp"). Never before a year or after "quý" ("Q1/2020", "quý Q1")."""
        g = self.g
        s, e = h.start, h.end
        if low.endswith(("quý ", "quí "), 0, s) or _YEAR_AFTER.match(low, e) or low.startswith((" năm", "/"), e):
            return False
        above = {k for c in h.candidates for k in _info(g, c)[1:3] if k and k != c}
        provs = {_info(g, c)[1] for c in h.candidates}
        if hits and low[hits[-1].end:s] == ", " and h.marker == "Q" and hits[-1].wards and any(
                _info(g, c)[1] in provs for c in hits[-1].candidates):
            h.needs = hits[-1].needs        # (a pair of letters alone: on the same condition)
            return True
        if not low.startswith(_OWN_PROVINCE, e):
            return False
        # the names right after it: a name (its type word or abbreviation first) within a few words
        for s2, e2, p2, _ in found[idx + 1:idx + 6]:
            if s2 > e + 2 + 16:
                break
            if s2 < e + 2 or not text[s2].isupper() and p2[0] not in "#@":
                continue
            between = low[e + 2:s2]
            if between and not _marker_in(between):
                continue
            if p2[0] in "@+!":
                continue        # (another such letter does not say it: "Q1, Q2")
            if p2[0] == "#":
                other = self._judge(text, low, s2, e2, p2)
            else:
                other = self._judge(text, low, s2, e2, p2, bool(between))
            # a quận: its city; a phường: its district, or a district of its city ("P7, Q.3")
            if other is not None and any(c in above or h.marker == "W" and _info(g, c)[0] == "district"
                                         and _info(g, c)[1] in provs for c in other.candidates):
                return True
        return self._letter_pair(text, low, found, idx, h)

    def _letter_pair(self, text: str, low: str, found: list[tuple[int, int, str, bool]], idx: int,
                     h: _Hit) -> bool:
        """A ward's letter alone right before its district's letter alone ("P10, Q5", no city after
        them): the ward of that number in that district, on the condition that the article names
        the district's province by another name (``_Hit.needs``; checked by ``find_localities``).
        Never when the district's letter is a quarter's ("P1, Q2 năm 2020", "P1, Q2/2020")."""
        if h.marker != "W" or not low.startswith(", ", h.end):
            return False
        g = self.g
        for s2, e2, p2, _ in found[idx + 1:idx + 4]:
            if s2 != h.end + 2 or not p2.startswith("@q"):
                continue
            if _YEAR_AFTER.match(low, e2) or low.startswith((" năm", "/", "-"), e2):
                return False
            q = self._judge(text, low, s2, e2, "#" + p2[1:])
            if q is None:
                return False
            pick = [c for c in h.candidates if _district_of(g, c) in q.candidates]
            provs = {_province_of(g, c) for c in pick}
            if len(provs) != 1:
                return False
            h.candidates = pick
            h.needs = provs.pop()
            return True
        return False

    def _list_reading(self, bare: _Hit, prev: _Hit) -> bool:
        """Is a name of a list ("các xã: Vĩnh Thành, Vĩnh Lợi", "huyện đảo Cô Tô, Vân Đồn, Bạch Long
        Vĩ") that is a place by itself too (``bare``) read as the list's type rather than as that
        place? Not when it is a province, nor when it holds the unit before it (an address: "xã Long
        Hòa, Phú Tân", "huyện Cô Tô, Quảng Ninh"); else yes, so that the list goes on after it."""
        g = self.g
        # the province, district and parent of each unit the name before may be
        above = {k for p in prev.candidates for k in _info(g, p)[1:4]}
        return not any(_info(g, c)[0] == "province" or c in above for c in bare.candidates)

    def _never_bare(self, pat: str) -> bool:
        """Is ``pat`` never a place without a type word (``_typed_only``)?"""
        table = _typed_only(self.g)
        never = table.get(pat)
        if never is None:
            never = table[pat] = not _bare_candidates(
                self.g, pat, self.names.get(pat, ()), self.g.aliases.get(pat, []), None)
        return never

    def _before_its_province(self, text: str, low: str, found: list[tuple[int, int, str, bool]],
                             idx: int) -> _Hit | None:
        """A district name that counts only after a type word (``marker_only``) written right before
        its own province's ("Ba Đình, Hà Nội", "Tây Hồ (Hà Nội)"; a province that is a place by its
        name alone): that district. ``found``: the names found, by start; ``idx``: this one's."""
        s, e, pat, _ = found[idx]
        g = self.g
        provs = set()
        j = idx + 1
        while j < len(found) and found[j][0] <= e + 2:     # the names starting right after it
            s2, _, p2, _ = found[j]
            if s2 == e + 2 and text[s2].isupper() and not self._never_bare(p2):
                provs.update(c for c in (*self.names.get(p2, ()), *g.aliases.get(p2, ()))
                             if _info(g, c)[0] == "province")
            j += 1
        if not provs or self._entity_before(low, s):
            return None
        h = self._judge(text, low, s, e, pat, False, "D")
        if h is None:
            return None
        cands = [c for c in h.candidates if _info(g, c)[1] in provs]
        if not cands:
            return None
        h.candidates = cands
        return h

    def _judge(self, text: str, low: str, s: int, e: int, pat: str, typed: bool = True,
               listed: str | None = None) -> _Hit | None:
        """The hit of the name ``pat`` at ``s:e``, or None when it is not a place here.

        ``typed``: False when the character before the name (white space skipped) ends no type
        word, so ``_marker_before`` need not look. ``listed``: the group of the type word of a list
        the name is in ("quận Ba Đình, Tây Hồ"), taken when no type word is right before it ("D":
        any district)."""
        g = self.g
        if pat[0] == "#":                      # numbered: "#q10", "#p7"
            kind, num = pat[1], pat[2:]
            type_name = "Quận" if kind == "q" else "Phường"
            cands = [k for k in self.names.get(lower_same_length(f"{type_name} {num}"), [])
                     if g.unit(k).type_name == type_name]
            if not cands or self._entity_before(low, s, True):
                return None
            return _Hit(s, e, text[s:e], cands, "Q" if kind == "q" else "W", _all_wards(g, cands))
        marker = None
        mstart = s
        found = _marker_before(low, s) if typed else None
        if found:
            marker, mstart = found
            if marker == "t":
                # "TT" without its dot is a thị trấn's only before a town's name written capitalised
                # ("TT Củ Chi"); before any other name it is no type word ("TT Bắc Giang": news)
                if _capitalised(text[s:e]) and self._town_named(pat):
                    marker = "T"
                else:
                    marker, mstart = None, s
                    if not text[s].isupper():
                        return None
            if marker == "W" and low.startswith("x.", mstart) and mstart > 1 and text[mstart - 1] == " ":
                prev = text[max(0, mstart - 24):mstart - 1].split()
                if prev and lower_same_length(tone_normalize(prev[-1])) in g.person_words:
                    return None     # a person's initial: "Nguyễn X. Hòa Bình"
        elif listed is not None:
            if self._person_context(text, s, e):
                return None
            marker = listed
        elif not text[s].isupper():
            return None
        alias = g.aliases.get(pat, [])
        # the candidates depend only on the name and the type word (the span is the article's);
        # every test below is free of side effects, so a name with no candidate is rejected first
        key = (pat, marker)
        known = self._cands.get(key)
        if known is None:
            timeless = self._timeless.get(pat)
            if timeless is None:
                timeless = self._timeless[pat] = all(g.timeless(c) for c in (*self.names.get(pat, ()), *alias))
            skey = key if timeless else (pat, marker, self.span)
            known = self._shared.get(skey)
            if known is None:
                cands = self._candidates(pat, marker, alias)
                known = self._shared[skey] = (cands, _all_wards(g, cands))
            self._cands[key] = known
        cands, wards = known
        if not cands:
            return None
        written = text[s:e]
        if marker is not None and not alias and wards and " " in written and not _capitalised(written):
            # "các xã Biên giới", "xã Tân lập": a ward's name with a syllable in lower case is a kind
            # of ward (ward names are many, and many are ordinary words); a province's or a
            # district's is a slip ("tỉnh Lào cai", "Phủ lý, Hà Nam")
            return None
        if self._entity_before(low, mstart, marker is not None) or self._entity_after(low, e) \
                or self._in_chain(text, low, mstart):
            return None
        if marker == "V" and (self._entity_before(low, s) or _title_after(text, e)
                              or self._entity_name_before(text, low, mstart)):
            return None     # "khu đô thị Phú Mỹ Hưng": an estate's name, whatever its words; "Công ty
                            # Môi trường đô thị Hà Nội": a company's
        if marker is None:
            if not alias and not _capitalised(written):
                return None
            if self._signature(text, s, e) or self._citation(low, s, e) or self._entity_name_before(text, low, s):
                return None
            if not alias and self._person_context(text, s, e):
                return None
            if alias and self._alias_of_something_else(text, low, e, alias):
                return None
        return _Hit(s, e, written, cands, marker, wards, typed_at=mstart if marker is not None else -1)

    def _town_named(self, pat: str) -> bool:
        """A thị trấn (of the article's time) has the name ``pat``."""
        g = self.g
        return any(g.unit(c).level == "ward" and "Thị trấn" in g.type_at(c, self.span)
                   for c in self.names.get(pat, ()))

    def _candidates(self, pat: str, marker: str | None, alias: list[str]) -> list[str]:
        g = self.g
        cands = [c for c in self.names.get(pat, ()) if g.called(c, pat, self.span)] or \
            list(self.names.get(pat, ()))
        if marker is None:
            return _bare_candidates(g, pat, cands, alias, self.span)
        cands = cands + [c for c in alias if c not in cands]
        cands = self._filter_by_marker(cands, marker)
        return [c for c in cands if g.valid(c, self.span)] or [c for c in cands]

    def _urban(self, dists: list[str]) -> list[str]:
        """Of ``dists``, the towns and cities: "thành phố X" written of a thị xã (a year early or
        late) is that one, not a huyện X of its province."""
        return [k for k in dists if self.g.type_at(k, self.span) & _URBAN_TYPES["district"]]

    def _filter_by_marker(self, cands: list[str], marker: str) -> list[str]:
        g = self.g
        units = [g.unit(c) for c in cands]
        if marker == "D":
            return [u.key for u in units if u.level == "district"]
        if marker == "P":
            return [u.key for u in units if u.level == "province"]
        if marker == "V":
            # "đô thị X": a city or a town of that name, and nothing else
            return [u.key for u in units if u.level != "ward" and
                    g.type_at(u.key, self.span) & _URBAN_TYPES[u.level]]
        if marker == "C":
            # "thành phố X": a centrally run city, or else a provincial city / district of that name
            provs = [u.key for u in units if u.level == "province" and "Thành phố" in g.type_at(u.key, self.span)]
            if provs:
                return provs
            dists = [u.key for u in units if u.level == "district"]
            exact = [k for k in dists if "Thành phố" in g.type_at(k, self.span)]
            return exact or self._urban(dists) or dists or [u.key for u in units if u.level == "province"]
        if marker in _DISTRICT_TYPES:
            dists = [u.key for u in units if u.level == "district"]
            exact = [k for k in dists if g.type_at(k, self.span) & _DISTRICT_TYPES[marker]]
            return exact or (self._urban(dists) if marker == "X" else []) or dists
        if marker in _WARD_TYPES:
            wards = [u.key for u in units if u.level == "ward"]
            exact = [k for k in wards if g.type_at(k, self.span) & _WARD_TYPES[marker]]
            return exact or wards
        return cands


_NEAR = 80   # characters: "huyện Phong Điền, TP Cần Thơ", "phường 5, TP Cà Mau"


def _nearest(g: Gazetteer, i: int, pick: list[str], hits: list[_Hit], resolved: dict[int, str],
             beside: bool = False) -> list[str]:
    """Among candidates in several named provinces/districts, the one whose province or district is
    named right beside ``hits[i]`` ("huyện Phong Điền, TP Cần Thơ"), if exactly one is.
    ``beside``: only those whose province (or a unit of it) is named beside it count, none when none is.

    ``hits`` are in text order and do not overlap: only the few hits within ``_NEAR`` characters
    on either side are looked at (looking at every resolved hit made a text of many places
    quadratic: 58 s for 1.6 MB)."""
    h = hits[i]
    best: dict[str, int] = {}

    def consider(j: int, dist: int) -> None:
        k = resolved.get(j)
        if k is None:
            return
        for c in pick:
            if k in (_province_of(g, c), _district_of(g, c)) or beside and _province_of(g, k) == _province_of(g, c):
                best[c] = min(best.get(c, _NEAR + 1), dist)

    j = i - 1
    while j >= 0 and (dist := h.start - hits[j].end) <= _NEAR:
        if dist >= 0:
            consider(j, dist)
        j -= 1
    j = i + 1
    while j < len(hits) and (dist := hits[j].start - h.end) <= _NEAR:
        if dist >= 0:
            consider(j, dist)
        j += 1
    if not best:
        return [] if beside else pick
    m = min(best.values())
    near = [c for c, d in best.items() if d == m]
    return near if len(near) == 1 else pick


def _district_after(g: Gazetteer, i: int, hits: list[_Hit], resolved: dict[int, str]) -> str | None:
    """The district written right after ``hits[i]`` (", ", " - ", " (", its type word counted from
    where it starts: "phường 7, quận Gò Vấp"), if the hit there was read as one."""
    j = i + 1
    if j >= len(hits):
        return None
    start = hits[j].typed_at if hits[j].typed_at >= 0 else hits[j].start
    if start - hits[i].end > 3:
        return None
    k = resolved.get(j)
    return k if k is not None and _info(g, k)[0] == "district" else None


def _province_of(g: Gazetteer, key: str) -> str:
    return _info(g, key)[1]


def _district_of(g: Gazetteer, key: str) -> str | None:
    return _info(g, key)[2]


def _info(g: Gazetteer, key: str) -> tuple[str, str, str | None, str | None, str | None]:
    """(level, province key, district - the unit itself for a district -, parent key, district key)
    of a unit, kept per gazetteer: they never change, and every article asks for the same few."""
    table = g.derived.get("info")
    if table is None:
        table = g.derived["info"] = {}
    info = table.get(key)
    if info is None:
        u = g.unit(key)
        info = table[key] = (u.level, u.province_key, key if u.level == "district" else u.district_key,
                             u.parent_key, u.district_key)
    return info


def _all_wards(g: Gazetteer, keys: list[str]) -> bool:
    return all(_info(g, c)[0] == "ward" for c in keys)


def _not_abroad(g: Gazetteer, text: str, hits: list[_Hit]) -> list[_Hit]:
    """``hits`` without the names that the article once places in a foreign country: in brackets
    after the name ("Hà Nam (Trung Quốc)"), ending the brackets after it ("TP Lạc Dương (tỉnh Hà
    Nam, Trung Quốc)": both names), or, after a name with its type word, joined to it by a comma
    and not listed on ("tỉnh Hà Nam, Trung Quốc"; not "Hà Nam, Trung Quốc và Lào"). A dash joins a
    border's two sides ("biên giới tỉnh Lạng Sơn - Trung Quốc"): no. That name is the foreign place
    at every mention."""
    forms = None
    abroad: set[str] = set()
    for h in hits:
        lead = text[h.end:h.end + 3]
        if lead.startswith((" (", ", ")):
            forms = forms or g.abroad_forms()
            if text[h.end:h.end + 24].lower().startswith(forms):
                abroad.add(lower_same_length(tone_normalize(h.text)))
                continue
            if lead[1] == "(":
                # the brackets' own end: the country ends what they say of the name
                close = text.find(")", h.end + 2, h.end + _ABROAD_BRACKET)
                if close > 0 and "(" not in text[h.end + 2:close] and \
                        text[max(h.end, close - 24):close + 1].lower().endswith(forms):
                    abroad.add(lower_same_length(tone_normalize(h.text)))
                continue
        else:
            # (not a dash: "tuyến biên giới tỉnh Lạng Sơn - Trung Quốc" is the border's two sides)
            continue
        if h.marker is None:
            continue
        at = h.end + 2
        after = text[at:at + 24].lower()
        for c in g.foreign_names():
            if after.startswith(c):
                rest = text[at + len(c):at + len(c) + 4]
                if not rest or not rest[0].isalnum() and not rest.startswith((" và", " - ", " – ")) \
                        and not (rest[0] in " ," and rest.lstrip(" ,")[:1].isupper()):
                    abroad.add(lower_same_length(tone_normalize(h.text)))
                break
    if not abroad:
        return hits
    return [h for h in hits if lower_same_length(tone_normalize(h.text)) not in abroad]


def find_localities(texts: list[str], gazetteer: Gazetteer, date: str | None = None,
                    year: int | None = None, blocks_squashed: bool = False,
                    prepared: tuple[list[str], str | None] | None = None) -> LocalityResult:
    """Localities of an article from its title and body block texts (NFC).

    ``blocks_squashed``: every text but the first (the title) has its white space squashed
    already (layout's blocks have), so only the title is checked. ``prepared``: blocks the caller
    made ready and, when it has it, their join by line breaks lower-cased (directives' ``texts``
    and ``lowered``); used when those blocks are the ones this function would scan.
    """
    g = gazetteer
    span = when_range(date, year)
    sc = _Scanner(g, span)
    hits: list[_Hit] = []
    squashed: list[str] = []
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            continue
        if (not blocks_squashed or i == 0) and not (
                t.isprintable() and "  " not in t and not t.startswith(" ") and not t.endswith(" ")):
            t = " ".join(t.split())     # (printable text has no white space but " ": nothing to squash)
        if t:
            squashed.append(t)
    blocks = list(dict.fromkeys(squashed))      # a caption printed twice counts once
    if blocks:
        text = "\n".join(blocks)
        low = None
        if prepared is not None and prepared[1] is not None and prepared[0] == squashed:
            low = prepared[1]
            if len(blocks) < len(squashed):
                lows = dict(zip(squashed, low.split("\n")))
                low = "\n".join(lows[b] for b in blocks)
        hits.extend(sc.scan(text, 0, low))
        if hits and g.foreign_countries:
            hits = _not_abroad(g, text, hits)
        if any(h.needs for h in hits):
            # "P10, Q5": only where another name in the article is of that city alone
            named = set()
            for h in hits:
                if not h.needs:
                    provs = {_province_of(g, c) for c in h.candidates}
                    if len(provs) == 1:
                        named |= provs
            hits = [h for h in hits if not h.needs or h.needs in named]

    is_ward = [h.wards for h in hits]

    resolved: dict[int, str] = {}
    twins: list[tuple[int, str]] = []
    for i, h in enumerate(hits):
        if is_ward[i]:
            continue
        if len(h.candidates) == 1:
            resolved[i] = h.candidates[0]
        elif h.marker is None:
            # several units share the bare name: one of them a province wins; else all one province
            provs = {_province_of(g, c) for c in h.candidates}
            if len(provs) == 1:
                p = provs.pop()
                if p in h.candidates:
                    resolved[i] = p
                else:
                    twins.append((i, p))
    if twins:
        # a huyện and a thị xã (or thành phố) of one province and one name (Kỳ Anh, Cai Lậy): the bare
        # name is the one the article names with its type word, if only one; else the one holding a
        # ward the article names ("xã Kỳ Tây (Kỳ Anh)"), if only one; else only the province
        typed = {resolved[j] for j, h in enumerate(hits) if h.marker is not None and j in resolved}
        held = {_district_of(g, c) for j, h in enumerate(hits) if is_ward[j] for c in h.candidates}
        for i, p in twins:
            named = [c for c in hits[i].candidates if c in typed]
            if len(named) != 1:
                named = [c for c in hits[i].candidates if c in held]
            resolved[i] = named[0] if len(named) == 1 else p

    def anchors() -> tuple[set[str], set[str]]:
        return ({_province_of(g, k) for k in resolved.values()},
                {d for k in resolved.values() if (d := _district_of(g, k))})

    # districts and provinces named in several places: decided by the others
    pending = [i for i in range(len(hits)) if i not in resolved and not is_ward[i]]
    for _round in range(3):
        if not pending:
            break
        anchor_prov, anchor_dist = anchors()
        still = []
        for i in pending:
            h = hits[i]
            pick = [c for c in h.candidates if _province_of(g, c) in anchor_prov]
            if len(pick) > 1:
                p2 = [c for c in pick if _district_of(g, c) in anchor_dist]
                pick = p2 if len(p2) == 1 else pick
            if len(pick) > 1:
                pick = _nearest(g, i, pick, hits, resolved)
            if len(pick) == 1:
                resolved[i] = pick[0]
            else:
                still.append(i)
        if len(still) == len(pending):
            break
        pending = still

    # a district name several provinces share, still open: the one holding more of the wards the
    # article names than any other ("Huyện ủy Châu Thành" with "xã Long Vĩnh": Châu Thành of Tây Ninh)
    if pending and any(is_ward):
        ward_hits = {}
        for j, h in enumerate(hits):
            if is_ward[j]:
                ward_hits.setdefault(h.text.lower(), set()).update(
                    d for c in h.candidates if (d := _district_of(g, c)) is not None)
        for i in pending:
            score: dict[str, int] = {}
            for c in hits[i].candidates:
                if _info(g, c)[0] == "district":
                    score[c] = sum(1 for ds in ward_hits.values() if c in ds)
            top = max(score.values(), default=0)
            best = [c for c, n in score.items() if n == top]
            if top and len(best) == 1:
                resolved[i] = best[0]
        pending = [i for i in pending if i not in resolved]

    # wards: inside the districts (else provinces) the article names. The snapshot lacks many wards
    # merged away since the article's time, so a ward that fits none of them is dropped rather
    # than allowed to bring in another province.
    anchor_prov, anchor_dist = anchors()
    for i, h in enumerate(hits):
        if not is_ward[i]:
            continue
        if anchor_prov:
            own = _district_after(g, i, hits, resolved)
            if own is not None and g.valid(own, span):
                # "Phường 10, Quận 5": that district's ward; if the snapshot lacks it there (merged
                # away since), none of the city's other Phường 10. (A district gone by the article's
                # time, "Thảo Điền, Quận 2" in 2022, is an old name: its wards are looked for as below.)
                pick = [c for c in h.candidates if _district_of(g, c) == own]
                if not pick:
                    continue
            else:
                pick = [c for c in h.candidates if _district_of(g, c) in anchor_dist]
            if not pick:
                # a ward of a district the article never names: only with its province named
                # beside it ("xã Tân Hà, tỉnh Lâm Đồng"); ward names are many and shared, and the
                # snapshot lacks many wards of the named districts ("UBND xã Sơn Mỹ" of Hương Sơn
                # is no Sơn Mỹ of Hàm Tân because Bình Thuận is named elsewhere)
                pick = [c for c in h.candidates if _province_of(g, c) in anchor_prov]
                pick = _nearest(g, i, pick, hits, resolved, beside=True) if pick else pick
            if len(pick) > 1:
                pick = _nearest(g, i, pick, hits, resolved)
            if len(pick) == 1:
                resolved[i] = pick[0]
            elif len(pick) > 1:
                hits[i].candidates = pick
                pending.append(i)
        elif len(h.candidates) == 1:
            resolved[i] = h.candidates[0]
        else:
            pending.append(i)

    problems: list[Problem] = []
    reported: set[str] = set()
    for i in pending:
        h = hits[i]
        word = h.text
        if word.lower() in reported:
            continue
        reported.add(word.lower())
        opts = []
        for c in h.candidates[:12]:
            u = g.unit_at(c, date, year)
            parent = g.unit_at(u.parent_key, date, year) if u.parent_key else None
            where = f"{parent.short_name}" if parent else ""
            if u.level == "ward" and u.district_key:
                where = (f"{g.unit_at(u.district_key, date, year).short_name}, "
                         f"{g.unit_at(u.province_key, date, year).short_name}")
            opts.append(f"{u.name} ({where})" if where else u.name)
        more = f" and {len(h.candidates) - 12} more" if len(h.candidates) > 12 else ""
        problems.append(Problem("ambiguous-locality",
                                f"\"{word}\" may be any of {len(h.candidates)} units: {'; '.join(opts)}{more}; "
                                f"not assigned"))

    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, k in resolved.items():
        counts[k] = counts.get(k, 0) + 1
        first[k] = min(first.get(k, hits[i].order), hits[i].order)
    # implied parents
    for k in list(counts):
        info = _info(g, k)
        for parent in (info[4], info[1]):
            if parent and parent != k and parent not in counts:
                counts[parent] = 0
                first[parent] = first[k]
            elif parent and parent != k:
                first[parent] = min(first[parent], first[k])

    locs = []
    for k, n in counts.items():
        u = g.unit_at(k, date, year)
        locs.append(Locality(key=k, name=u.name, level=u.level, province_key=u.province_key, mentions=n,
                             short_name=u.short_name, district_key=u.district_key))
    locs = vi_sorted(locs, key=lambda l: l.short_name)
    locs.sort(key=lambda l: (_LEVEL_RANK[l.level], l.province_key if l.level != "province" else "",
                             -l.mentions))
    return LocalityResult(localities=locs, primary=_primary(g, counts, first), problems=problems)


def _primary(g: Gazetteer, counts: dict[str, int], first: dict[str, int]) -> str | None:
    """The most specific unit the article is mostly about.

    The province with most mentions of itself and its units; within it, a district that is named
    at least as often as the province itself and more often than all its other districts together;
    within that district, a ward by the same rule, named twice at least.
    """
    if not counts:
        return None

    info = {k: _info(g, k) for k in counts}
    provs = [k for k in counts if info[k][0] == "province"]
    # mentions of each key's first segment and the keys under it: a province's key has no "/"
    # (else it is summed the long way), and a unit's key starts with it and "/"
    under: dict[str, int] = {}
    for k, n in counts.items():
        head = k.partition("/")[0]
        under[head] = under.get(head, 0) + n

    def total(key: str) -> int:
        if "/" not in key:
            return under.get(key, 0)
        return sum(n for k, n in counts.items() if k == key or k.startswith(key + "/"))

    prov = max(provs, key=lambda k: (total(k), counts[k], -first[k]))
    best = prov
    for level in ("district", "ward"):
        kids = [k for k in counts if info[k][0] == level and info[k][3] == best]
        if not kids:
            break
        top = max(kids, key=lambda k: (counts[k], -first[k]))
        others = sum(counts[k] for k in kids if k != top)
        if counts[top] > others and counts[top] >= counts[best] and counts[top] >= (2 if level == "ward" else 1):
            best = top
        else:
            break
    return best


__all__ = ["LocalityResult", "find_localities"]
