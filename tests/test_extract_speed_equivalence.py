"""Faster pieces of the extraction stage give what the pieces they replaced gave, on generated text:
the localities scan with its early rejections, the directive anchors, a block's space before
punctuation, a caption's credit, the year's full dates and ranges, the primary locality's province
totals, a byline line too long to be one."""

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bantin.config import SiteData  # noqa: E402
from bantin.extract import localities as L  # noqa: E402
from bantin.extract.bylines import parse_byline  # noqa: E402
from bantin.extract.dates import _FULL_DATE, _RANGE, _full_dates, _may_hold_range  # noqa: E402
from bantin.extract.directives import _ANCHOR_GROUPS, _anchors  # noqa: E402
from bantin.extract.layout import (_CUE, _SPACE_BEFORE_PUNCT, Boilerplate, _space_before_punct, _squash,  # noqa: E402
                                   split_inline_captions)
from bantin.gazetteer import lower_same_length  # noqa: E402
from bantin.text import find_all, finditer_at  # noqa: E402

GAZ = SiteData.load(ROOT / "content").gazetteer


# --- localities: the scan as it was, every early rejection left to ``_judge`` ---------------------

def _old_scan(sc: L._Scanner, text: str, base_order: int) -> list:
    low = lower_same_length(text)
    found = []
    n = len(low)
    matcher = sc.g.matcher()
    numbered = [] if L._numbered_in(sc.g, matcher) else None
    for end_idx, (pat, length) in matcher.iter(low):
        start = end_idx - length + 1
        if not pat:
            if numbered is not None:
                numbered.append(start)
            continue
        if start and low[start - 1].isalnum():
            continue
        end = end_idx + 1
        if end < n and low[end].isalnum():
            continue
        if not text[start].isupper():
            continue
        found.append((start, end, pat, True))     # (``typed`` True: _marker_before always looks)
    starts = sorted(set(numbered)) if numbered is not None else find_all(low, L._NUMBERED_WORDS)
    for m in finditer_at(L._NUMBERED, low, starts):
        found.append((m.start(), m.end(), "#" + m.group(1)[0] + m.group(2), True))
        kind, pos = m.group(1)[0], m.end()
        while (more := L._NUMBERED_LIST.match(low, pos)) is not None:
            found.append((more.start(1), more.end(1), "+" + kind + more.group(1), True))
            pos = more.end()
    return sc._select(text, low, found, base_order)


def _names_sample() -> list[str]:
    """Names of every kind: provinces, districts, wards, single syllables, aliases."""
    names = sorted(GAZ.names())
    aliases = sorted(GAZ.aliases)
    return names[::max(1, len(names) // 300)] + aliases[:60] + ["hồ chí minh", "vinh", "huế", "đông"]


_NAMES = _names_sample()
_TYPE_WORDS = ["huyện", "Huyện", "tỉnh", "TP", "TP.", "tp", "Q.", "quận", "Quận", "phường", "P.", "xã", "Xã",
               "thị xã", "Thị xã (TX)", "thị trấn", "Tỉnh ủy", "UBND tỉnh", "thành phố", "Thành phố",
               "sông", "báo", "đường", "Nguyễn", "ông", "Nxb Chính trị quốc gia,"]
_GLUE = [" ", " ", " ", "\n", ", ", ". ", " (", ") ", "-", "/", " 2019 ", "“", "” ", " 10 ", "7"]


def _written(name: str, how: int) -> str:
    if how == 0:
        return name
    if how == 1:
        return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
    if how == 2:
        return name.upper()
    return name[:1].upper() + name[1:]


_PIECES = st.one_of(
    st.builds(_written, st.sampled_from(_NAMES), st.integers(0, 3)),
    st.sampled_from(_TYPE_WORDS),
    st.sampled_from(_GLUE),
)


def _squashed(parts: list[str]) -> str:
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _hit_fields(hits) -> list:
    return [(h.start, h.end, h.text, h.candidates, h.marker, h.wards, h.order) for h in hits]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from([None, ("2019-05-24", "2019-05-24"), ("1990-01-01", "1990-12-31")]))
def test_scan_is_the_scan_without_early_rejections(parts, span):
    text = _squashed(parts)
    if not text:
        return
    assert _hit_fields(L._Scanner(GAZ, span).scan(text, 5)) == _hit_fields(_old_scan(L._Scanner(GAZ, span), text, 5))


def test_typed_only_names_have_no_bare_candidates_at_any_time():
    sc = L._Scanner(GAZ, None)
    for pat in _NAMES:
        if L._typed_only(GAZ).get(pat):
            for span in (None, ("1980-01-01", "1980-12-31"), ("2019-01-01", "2019-12-31"), ("2025-07-01", "2025-07-01")):
                assert not L._Scanner(GAZ, span)._candidates(pat, None, GAZ.aliases.get(pat, []))
    assert sc  # (the table is filled as scans meet names)


def test_char_before_space():
    assert L._char_before_space("huyện \n ", 7) == "n"
    assert L._char_before_space("   ", 2) == ""
    assert L._char_before_space("ab", -1) == ""


# --- directives: the anchors as they were, found by word ------------------------------------------

def _old_anchors(joined: str) -> dict[str, list[int]]:
    out = {}
    for group, words in _ANCHOR_GROUPS.items():
        pos = [i for w in words for i in find_all(joined, (w,))]
        out[group] = sorted(set(pos)) if len(words) > 1 else sorted(pos)
    for w in ("nghi quyet", "nghi dinh"):
        out[w] = find_all(joined, (w,))
    return out


_ANCHOR_TEXT = st.lists(st.one_of(st.sampled_from(sorted({w for ws in _ANCHOR_GROUPS.values() for w in ws})),
                                  st.sampled_from([" ", "\n", "a", "q", "nghi ", "thi ", "uy ", "so 05", "“"])),
                        max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ANCHOR_TEXT)
def test_anchors_are_the_anchors_by_word(joined):
    assert _anchors(joined) == _old_anchors(joined)


# --- layout: a block's space before punctuation ----------------------------------------------------

_LINE = st.text(st.sampled_from(list("ab Ảnh,.;:!?\t\u00a0\u200b\u2003\u00ad-()")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_LINE, st.integers(0, 40), st.integers(0, 40))
def test_space_before_punct_on_squashed_text(line, a, b):
    s = _squash(line)
    for piece in (s, s[a:b], f"{s[:a]} {s[b:]}"):
        assert _space_before_punct(piece) == bool(_SPACE_BEFORE_PUNCT.search(piece))


_CREDIT_TEXT = st.lists(st.sampled_from(["Ảnh", "ảnh", "ẢNH", "Nguồn ảnh", "ảnh:", ":", " ", "(", ")", ".", "Thu Giang",
                                         "hình ảnh", "minh họa", "x" * 30]), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CREDIT_TEXT)
def test_credit_search_is_the_search(line):
    bp = Boilerplate()
    assert bool(bp.credit_search(line)) == bool(bp.credit.search(line))


@settings(max_examples=400, deadline=None)
@given(_CREDIT_TEXT)
def test_inline_captions_need_a_cue(line):
    if not _CUE.search(line):       # (then no credit is cut: the text stays whole)
        assert [t for k, t in split_inline_captions(line) if k == "caption"] == []


# --- dates: full dates found from their years -------------------------------------------------------

_DATE_TEXT = st.lists(st.sampled_from(list("0123456789/.-  \t\u00a0ab٣") + ["19", "20", "2019", "1945"]),
                      max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DATE_TEXT)
def test_full_dates_are_finditer(t):
    def spans(ms):
        return [(m.start(), m.end(), m.group("y")) for m in ms]
    assert spans(_full_dates(t)) == spans(_FULL_DATE.finditer(t))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789-–  \t\u00a0a٣") + ["19", "20", "2019", "1945", "2020 - "]),
                max_size=30).map("".join))
def test_range_prefilter_misses_no_range(t):
    if _RANGE.search(t):
        assert _may_hold_range(t)


def test_range_prefilter_examples():
    for t in ("giai đoạn 2016-2020", "nhiệm kỳ 2020 – 2025", "1945 -1975", "năm 2019\u00a0-2020"):
        assert _RANGE.search(t) and _may_hold_range(t)
    for t in ("kinh tế - xã hội", "Chỉ thị 05-CT/TW", "ngày 3-2", "2020", "-2020"):
        assert not _may_hold_range(t)


def test_full_dates_examples():
    t = "ngày 2/9/1945, 15.5.2016 và 3 - 2 - 2020; 12/2019 không; x1/2/2019"
    assert [m.group(0) for m in _full_dates(t)] == [m.group(0) for m in _FULL_DATE.finditer(t)]
    assert len(list(_full_dates(t))) == 4      # (the look-behind is on a digit before, not a letter)


# --- bylines: a line too long to be one, told without squashing it all -------------------------------

def _parse_byline_squashing_first(line: str, max_len: int):
    s = " ".join(line.split()).strip()
    return None if not s or len(s) > max_len else parse_byline(s, max_len)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Ngọc", "Phú", "Theo", "TTXVN", "/", "(", ")", ".", " ", " ", "  ", "\t",
                                 "\u00a0", "\u200b", "\n", "Ảnh:", "PV", "-"]), max_size=20).map("".join),
       st.integers(1, 30))
def test_parse_byline_long_line_shortcut(line, max_len):
    assert parse_byline(line, max_len) == _parse_byline_squashing_first(line, max_len)


# --- localities: the primary locality's totals --------------------------------------------------------

_KEYS = sorted(u.key for u in GAZ.units())[::40]


def _old_primary(g, counts, first):
    """The primary locality as the rule states it, by sorting (``_primary`` sums per province
    in one pass): the province with the most mentions under it (then its own, then the
    earliest); then down a level while one child leads its siblings together and its parent,
    with at least one mention (two for a ward)."""
    if not counts:
        return None
    level = {k: L._info(g, k)[0] for k in counts}
    parent = {k: L._info(g, k)[3] for k in counts}
    under = {k: sum(n for c, n in counts.items() if c == k or c.startswith(k + "/")) for k in counts}
    ranked = sorted((k for k in counts if level[k] == "province"), key=lambda k: (-under[k], -counts[k], first[k]))
    best = ranked[0]
    for kind, least in (("district", 1), ("ward", 2)):
        kids = sorted((k for k in counts if level[k] == kind and parent[k] == best), key=lambda k: (-counts[k], first[k]))
        if not kids or not (counts[kids[0]] > sum(counts[k] for k in kids[1:])
                            and counts[kids[0]] >= max(counts[best], least)):
            return best
        best = kids[0]
    return best


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), st.integers(0, 5), max_size=12))
def test_primary_is_the_primary_summed_per_key(mentions):
    counts = dict(mentions)
    # implied parents, as find_localities adds them (a province is always there)
    for k in list(counts):
        info = L._info(GAZ, k)
        for parent in (info[4], info[1]):
            if parent and parent not in counts:
                counts[parent] = 0
    first = {k: i for i, k in enumerate(counts)}
    assert L._primary(GAZ, counts, first) == _old_primary(GAZ, counts, first)


def test_province_keys_have_no_slash():
    assert all("/" not in u.key for u in GAZ.units() if u.level == "province")
    assert re.fullmatch(r"[^/]+", GAZ.provinces()[0].key)


# --- gazetteer: the automaton built in the order that is fast to search ----------------------------

def test_matcher_holds_what_sorted_insertion_held():
    from bantin.gazetteer import LETTER_NUMBERED_WORDS, NUMBERED_WORDS, _ROOT_SPACE, spellings

    pats = set(GAZ.names()) | set(GAZ.aliases)
    want = {}
    for p in sorted(pats):
        if len(p) >= 3 and not p.rsplit(" ", 1)[-1].isdigit():
            for v in spellings(p):
                want[v] = (p, len(v))
    for w in NUMBERED_WORDS:
        want.setdefault(w, ("", len(w)))
    for w in LETTER_NUMBERED_WORDS:
        want.setdefault(w, ("@", len(w)))
    got = dict(GAZ.matcher().items())
    assert got.pop(_ROOT_SPACE) == ("", len(_ROOT_SPACE))
    assert got == want
