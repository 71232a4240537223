"""Catalog: the cross-referenced taxonomies of the site, built once from the records.

``build_catalog(records, data)`` is pure: it reads the records and the site data and returns a
``Catalog`` of plain dataclasses. Everything is computed with dictionaries in a few linear passes
(no repeated scans), so 10,000+ records stay fast: one pass over the records makes the articles and
groups the directive references, each distinct date, list of units and code is worked out once,
and the counts of an entry are made from per-article columns. Every list is sorted with explicit
keys, so the same input always gives the same catalog:

- articles: newest first (date, then time), records with only a year after the dated ones of that
  year, records with no date at all last; ties broken by slug;
- names (authors, outlets, localities, issuers): Vietnamese alphabetical order (``text.sort_key``).

URLs are relative to the site root ("/bai/<slug>/"). Taxonomy slugs never equal a reserved name
("trang" is the pagination folder), and collisions get "-2", "-3", ... in a deterministic order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date as _date
from itertools import chain as _chain, groupby
from operator import attrgetter, itemgetter
from typing import Any, Iterable

from slugify import slugify

from .config import SiteData
from .model import Record
from .text import DEVICE_NAMES, cut_slug, fold, sort_key

try:   # Counter's C loop, without Counter's set-up per call (a private name: hence the fallback)
    from collections import _count_elements as _count
except ImportError:  # pragma: no cover - another Python implementation
    def _count(mapping: dict, iterable) -> None:
        get = mapping.get
        for x in iterable:
            mapping[x] = get(x, 0) + 1

# Folder names a taxonomy slug must never take: "trang" holds the later pages of a list.
RESERVED = frozenset({"trang", "feed", "feed-xml", "index", "assets"})
PAGE_DIR = "trang"

# Display order of directive kinds on /van-ban/; other kinds follow in Vietnamese order.
KIND_ORDER = ("Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Quyết định", "Hướng dẫn", "Kế hoạch",
              "Thông báo", "Thông tri", "Nghị định", "Thông tư")


# --- slugs and pagination -------------------------------------------------------------------------

# Vietnamese tone and letter marks (after NFD) and đ/Đ: text made of ASCII and these only slugs the
# same through ``text.fold`` as through python-slugify (checked over every code point).
_VI_ONLY = dict.fromkeys(map(ord, "\u0301\u0300\u0309\u0303\u0323\u0302\u0306\u031b\u0111\u0110"))
# Every byte but a-z and 0-9 -> b" ": split() then finds the runs a slug joins with "-".
_ALNUM_ONLY = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def _slugify(text: str) -> str:
    """``slugify(text)``; plain Vietnamese text (the usual case) takes a fast path with the same result.

    python-slugify decodes HTML entities ("&amp;") and joins digit groups ("1,000"), so text with
    "&" or "," always goes through it, as does any character other than ASCII and Vietnamese letters.
    """
    if "&" not in text and "," not in text:
        if text.isascii():
            f = text.lower()        # ``fold`` of ASCII text
        elif unicodedata.normalize("NFD", text).translate(_VI_ONLY).isascii():
            f = fold(text)
        else:
            return slugify(text)
        if f.isascii():
            # the runs of other characters as one "-" each, none at the ends
            return b"-".join(f.encode().translate(_ALNUM_ONLY).split()).decode()
    return slugify(text)


# The longest slug of a name (an author, an outlet, a directive's code): as an article's
# (``extract.SLUG_MAX``). A name from a sidecar can be of any length, and a folder name of more
# than 255 bytes cannot be written: one such name stopped the whole build.
SLUG_MAX = 80


def safe_slug(text: str, fallback: str = "x") -> str:
    """python-slugify slug, never empty, never a reserved folder name nor a name Windows keeps for
    a device ("con", "nul", ...), at most ``SLUG_MAX`` characters (cut at a word's end where there
    is one)."""
    s = cut_slug(_slugify(text or "") or fallback, SLUG_MAX) or fallback
    if s in RESERVED or s in DEVICE_NAMES:
        s = f"{s}-1"
    return s


def assign_slugs(keys: Iterable[str], base: Any = safe_slug) -> dict[str, str]:
    """Map each key to a unique slug; collisions resolved in sorted key order ("-2", "-3", ...)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    wanted = sorted(set(keys))
    bases = {k: base(k) for k in wanted}
    # Keys whose own slug is uncontested win it first, so adding a colliding key never renames them.
    counts = Counter(bases.values())
    for k in wanted:
        if counts[bases[k]] == 1:
            out[k] = bases[k]
            used.add(bases[k])
    # the last suffix given for each slug: the next key of that slug starts looking there, so many
    # keys of one slug ("Minh Anh", "Mính Anh", "Minh Anh." ...) cost linear time, not quadratic
    last: dict[str, int] = {}
    for k in wanted:
        if k in out:
            continue
        s = bases[k]
        n = last.get(s, 1)
        cand = s if n == 1 else f"{s}-{n}"
        while cand in used:
            n += 1
            cand = f"{s}-{n}"
        last[s] = n
        out[k] = cand
        used.add(cand)
    return out


def page_count(n_items: int, per_page: int) -> int:
    """Number of pages for a list: at least one (an empty list still has its page)."""
    per_page = max(1, per_page)
    return max(1, math.ceil(n_items / per_page))


def page_url(base: str, number: int) -> str:
    """URL of page ``number`` (1-based) of the list whose first page is ``base`` ("/x/")."""
    return base if number <= 1 else f"{base}{PAGE_DIR}/{number}/"


def page_slice(items: list, number: int, per_page: int) -> list:
    per_page = max(1, per_page)
    return items[(number - 1) * per_page: number * per_page]


def url_to_path(url: str) -> str:
    """"/bai/x/" -> "bai/x/index.html"; "/feed.xml" -> "feed.xml"."""
    u = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if u == "" or u.endswith("/"):
        return u + "index.html"
    return u


# --- ordering -------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def clean_when(r: Record) -> tuple[str | None, str | None, int | None]:
    """(date, time, year) of a record, each None unless well-formed; the year falls back to the date's."""
    date = r.date if isinstance(r.date, str) and _ISO_DATE.match(r.date) else None
    if date is not None:
        try:
            _date.fromisoformat(date)
        except ValueError:      # 2019-02-30
            date = None
    time = r.time if date and isinstance(r.time, str) and _HHMM.match(r.time) else None
    year = r.year if isinstance(r.year, int) and not isinstance(r.year, bool) and 1 <= r.year <= 9999 else None
    if date is not None:
        year = int(date[:4])
    return date, time, year


def date_sort_key(r: Record) -> tuple:
    """Ascending key: records with no date sort first, so reversed lists put them last.

    A dated record ranks by (year, date, time); a year-only record ranks below the dated records of
    its year; a record with neither ranks below everything. The slug breaks ties (descending order
    then lists slugs in reverse, which is still deterministic).
    """
    date, time, year = clean_when(r)
    if year is None:
        return (0, 0, "", "", r.slug)
    return (1, year, date or "", time or "", r.slug)


_NUM = re.compile(r"\d+")


def code_sort_key(code: str) -> tuple:
    """Natural order of codes: "5-CT" < "34-CT" < "102-QĐ"."""
    nums = tuple(int(n) for n in _NUM.findall(code)[:2])
    return (nums, sort_key(code))


# --- catalog data ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Article:
    """One article and where it sits; ``index`` is its position in ``Catalog.articles``."""

    record: Record
    index: int
    url: str
    # keys into the catalog's taxonomies
    # (tuples: read only, and the locality ones shared by the articles with the same units: a
    # list each was a tenth of an article's memory, in every render process)
    directive_keys: tuple[str, ...] = ()
    locality_keys: tuple[str, ...] = ()        # own localities, in record order
    touched_localities: tuple[str, ...] = ()   # own + ancestors
    author_slug: str | None = None
    outlet_slug: str | None = None
    month: int | None = None
    # the record's date, time and year when well-formed (see ``clean_when``)
    date: str | None = None
    time: str | None = None
    year: int | None = None
    # the next older and newer articles with a date ("Bài cũ hơn / Bài mới hơn"): indexes, or None.
    # An article without a day (a year only, or no date) is in no order a reader can follow: it
    # has neither, and the chain of dated articles passes over it.
    older: int | None = None
    newer: int | None = None


@dataclass(slots=True)
class DirectiveEntry:
    key: str
    slug: str
    url: str
    code: str
    kind: str
    issuer: str
    issuer_name: str
    scope: str | None
    subject: str | None
    issued: str | None
    name: str | None
    in_registry: bool
    articles: list[int] = field(default_factory=list)        # article indexes, newest first
    mentions: int = 0
    related: list[tuple[str, int]] = field(default_factory=list)   # (key, articles cited together)
    by_month: list[tuple[str, int]] = field(default_factory=list)   # ("2019-05", n), contiguous
    by_province: list[tuple[str, int]] = field(default_factory=list)  # (province key, n), most first
    undated: int = 0


@dataclass(slots=True)
class LocalityEntry:
    key: str
    name: str                # full name with its type word
    short_name: str
    level: str
    province_key: str
    district_key: str | None
    parent_key: str | None
    url: str
    today: str | None = None
    articles: list[int] = field(default_factory=list)   # newest first; includes sub-units' articles
    children: list[str] = field(default_factory=list)   # keys, Vietnamese order
    directives: list[tuple[str, int]] = field(default_factory=list)  # (directive key, articles)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0


@dataclass(slots=True)
class PersonEntry:
    """An author or an outlet."""

    key: str
    slug: str
    url: str
    name: str
    articles: list[int] = field(default_factory=list)


@dataclass(slots=True)
class YearEntry:
    year: int
    url: str
    articles: list[int] = field(default_factory=list)             # newest first
    months: list[tuple[int | None, int]] = field(default_factory=list)  # (month or None, count), Dec..Jan


@dataclass
class Catalog:
    site: Any
    articles: list[Article]
    directives: dict[str, DirectiveEntry]
    directive_order: list[str]                   # keys in catalog display order
    directive_groups: list[tuple[str, list[tuple[str, list[str]]]]]  # (kind, [(issuer name, keys)])
    localities: dict[str, LocalityEntry]
    provinces: list[str]                         # province keys, Vietnamese order
    authors: dict[str, PersonEntry]              # by slug
    author_order: list[str]
    outlets: dict[str, PersonEntry]              # by slug
    outlet_order: list[str]
    years: dict[int, YearEntry]
    year_order: list[int]                        # newest first
    undated: list[int]                           # articles with neither date nor year
    records: list[Record]                        # the input, in article order

    def article(self, i: int) -> Article:
        return self.articles[i]


# --- building -------------------------------------------------------------------------------------

def _months_span(counts: Counter) -> list[tuple[str, int]]:
    """Contiguous month series from the first to the last month with articles."""
    if not counts:
        return []
    months = sorted(counts)
    y0, m0 = int(months[0][:4]), int(months[0][5:7])
    y1, m1 = int(months[-1][:4]), int(months[-1][5:7])
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        k = f"{y:04d}-{m:02d}"
        out.append((k, counts.get(k, 0)))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


class _MonthSpan:
    """``_months_span`` for many counters over one set of months.

    The month labels from the first to the last month of the site are made once; each series is
    a slice of shared ``(month, 0)`` pairs with its own counts written in, so a long span costs a
    list copy, not a Python loop with a formatted string per month.
    """

    def __init__(self, months: Iterable[str]) -> None:
        ms = sorted(months)
        self.labels: list[str] = []
        if ms:
            y, m = int(ms[0][:4]), int(ms[0][5:7])
            y1, m1 = int(ms[-1][:4]), int(ms[-1][5:7])
            while (y, m) <= (y1, m1):
                self.labels.append(f"{y:04d}-{m:02d}")
                m += 1
                if m > 12:
                    y, m = y + 1, 1
        self.zeros = [(k, 0) for k in self.labels]

    def series(self, counts: dict[int, int]) -> list[tuple[str, int]]:
        """The series of ``counts`` (articles by month number: 1 for ``labels[0]``, ...)."""
        lo = min(counts)
        out = self.zeros[lo - 1:max(counts)]
        labels = self.labels
        for n, c in counts.items():
            out[n - lo] = (labels[n - 1], c)
        return out


def _unit(gaz: Any, key: str) -> Any:
    if gaz is None or not hasattr(gaz, "unit"):
        return None
    try:
        return gaz.unit(key)
    except Exception:  # the gazetteer is another module; never let a lookup break the site
        return None


def _provinces(gaz: Any) -> list[Any]:
    if gaz is None or not hasattr(gaz, "provinces"):
        return []
    try:
        return list(gaz.provinces() or [])
    except Exception:  # as in _unit: a gazetteer problem never breaks the site
        return []


def _article_order(records: list[Record]) -> tuple[list[Record], list[tuple]]:
    """The records in article order, each with its ``(date, time, year, month, "YYYY-MM")``.

    The order is ``date_sort_key``'s, descending; of records sharing a slug the first in that order
    is kept (slugs are unique already: an extractor guarantee). The date checks of ``clean_when``
    are made once per distinct date, not once per record.
    """
    n = len(records)
    try:
        parts_of = {d: _date_parts(d) for d in {r.date for r in records}}
    except TypeError:       # an unhashable date: the plain computation below
        parts_of = None
    if parts_of is not None and all(isinstance(r.slug, str) for r in records):
        # ``date_sort_key`` as one string, which sorts the same and compares faster than a tuple:
        # "0" + slug without a year; "1", the year in 4 digits, "\0\0" and the slug with a year
        # only; "1", the date, "\0", the time if any, "\0" and the slug with a date ("\0" is below
        # any digit and "-", so a year-only record sorts below the dated ones of its year).
        whens: list[tuple] = []
        keys: list[str] = []
        for r in records:
            parts = parts_of[r.date]
            if parts is None:
                y = r.year
                if isinstance(y, int) and not isinstance(y, bool) and 1 <= y <= 9999:
                    whens.append((None, None, y, None, None))
                    keys.append(f"1{y:04d}\0\0{r.slug}")
                else:
                    whens.append(_NO_WHEN)
                    keys.append("0" + r.slug)
            else:
                t = r.time
                if t is not None and isinstance(t, str) and _HHMM.match(t):
                    whens.append((r.date, t, parts[0][2], parts[0][3], parts[0][4]))
                    keys.append(parts[1] + t + "\0" + r.slug)
                else:
                    whens.append(parts[0])
                    keys.append(parts[1] + "\0" + r.slug)
        order = sorted(range(n), key=keys.__getitem__, reverse=True)
        del keys
    else:
        cw = [clean_when(r) for r in records]
        tkeys = [(0, 0, "", "", r.slug) if w[2] is None else (1, w[2], w[0] or "", w[1] or "", r.slug)
                 for r, w in zip(records, cw)]
        order = sorted(range(n), key=tkeys.__getitem__, reverse=True)
        whens = [(w[0], w[1], w[2], int(w[0][5:7]), w[0][:7]) if w[0] else (None, None, w[2], None, None)
                 for w in cw]
    if len({r.slug for r in records}) == n:
        return [records[j] for j in order], [whens[j] for j in order]
    seen: set[str] = set()
    ordered: list[Record] = []
    ordered_when: list[tuple] = []
    for j in order:
        r = records[j]
        if r.slug not in seen:
            seen.add(r.slug)
            ordered.append(r)
            ordered_when.append(whens[j])
    return ordered, ordered_when


_NO_WHEN = (None, None, None, None, None)


def _date_parts(d: Any) -> tuple | None:
    """For a date ``clean_when`` keeps: its when without a time, and the start of its order key.

    The same test as ``clean_when``'s: of ten characters with "-" at 4 and 7, ``date.fromisoformat``
    accepts only valid dates written YYYY-MM-DD in ASCII digits, all of which ``_ISO_DATE`` matches;
    what else ``_ISO_DATE`` matches (other digits, a final newline) ``fromisoformat`` rejects.
    """
    if not isinstance(d, str) or len(d) != 10 or d[4] != "-" or d[7] != "-":
        return None
    try:
        day = _date.fromisoformat(d)
    except ValueError:      # 2019-02-30
        return None
    return (d, None, day.year, day.month, d[:7]), "1" + d + "\0"


_new = object.__new__


def _article(record: Record, index: int, url: str, directive_keys: tuple[str, ...], locality_keys: tuple[str, ...],
             touched: tuple[str, ...], author_slug: str | None, outlet_slug: str | None, month: int | None,
             date: str | None, time: str | None, year: int | None) -> Article:
    """``Article(...)`` with its slots set here: calling the class goes through its ``__init__``
    from C, several times the cost of the twelve assignments (10,000 articles per build)."""
    a = _new(Article)
    a.record = record
    a.index = index
    a.url = url
    a.directive_keys = directive_keys
    a.locality_keys = locality_keys
    a.touched_localities = touched
    a.author_slug = author_slug
    a.outlet_slug = outlet_slug
    a.month = month
    a.date = date
    a.time = time
    a.year = year
    a.older = a.newer = None
    return a


_YEAR, _MONTH = itemgetter(2), itemgetter(3)     # of a when
_COUNT = itemgetter(1)                           # of a (name, count) pair
_FILLED = ("subject", "issued", "name", "issuer_name")
_FIELD = {f: attrgetter(f) for f in _FILLED}


def _first_set(values: Iterable[Any]) -> Any:
    """The first value that is not None (None if there is none)."""
    for v in values:
        if v is not None:
            return v
    return None


def build_catalog(records: list[Record], data: SiteData) -> Catalog:
    site = data.site
    gaz = getattr(data, "gazetteer", None)
    ordered, ordered_when = _article_order(records)

    # ---- authors and outlets ----
    author_names = {r.byline.name for r in ordered if r.byline and r.byline.name}
    aslugs = assign_slugs(author_names)
    authors = {aslugs[n]: PersonEntry(key=n, slug=aslugs[n], url=f"/tac-gia/{aslugs[n]}/", name=n)
               for n in author_names}
    outlet_names: dict[str, str] = {}
    for r in ordered:
        out = r.outlet
        if out and out.key and out.key not in outlet_names:
            outlet_names[out.key] = out.name or out.key
    oslugs = assign_slugs(outlet_names)
    outlets = {oslugs[k]: PersonEntry(key=k, slug=oslugs[k], url=f"/nguon/{oslugs[k]}/", name=outlet_names[k])
               for k in outlet_names}

    # ---- one pass over the records: the articles, units first named, directive references ----
    # An article starts with its record's units as its locality lists: right for units each named
    # once, after their parent, as records list them. Once the localities are known, each distinct
    # list of units (records share them) is checked once, and the articles of the others fixed.
    articles: list[Article] = []
    loc_info: dict[str, dict[str, Any]] = {}
    # units -> [units, own keys, touched (, provinces)]
    units_entry: dict[tuple[str, ...], list[Any]] = {}
    entry_of: list[list[Any]] = []
    dkeys_of: list[tuple[str, ...]] = []      # directive keys per article, each once
    refs_of: dict[str, tuple[list[Any], list[int]]] = {}   # key -> (references, articles), newest first
    scope_order: dict[Any, None] = {}          # scopes of the keys, in order of their first reference
    for i, (r, when) in enumerate(zip(ordered, ordered_when)):
        own = [loc.key for loc in r.localities]
        units = tuple(own)
        e = units_entry.get(units)
        if e is None:
            e = units_entry[units] = [units, None, None]
            for k in units:
                if k not in loc_info:
                    # each unit of the records, as the first (newest) record naming it has it
                    for loc in r.localities:
                        if loc.key not in loc_info:
                            loc_info[loc.key] = {
                                "key": loc.key, "name": loc.name, "short_name": loc.short_name or loc.name,
                                "level": loc.level, "province_key": loc.province_key or loc.key.split("/")[0],
                                "district_key": loc.district_key, "from_record": True,
                            }
                    break
        entry_of.append(e)
        dkeys = []
        for d in r.directives:
            k = d.key
            g = refs_of.get(k)
            if g is None:
                refs_of[k] = ([d], [i])
                dkeys.append(k)
                scope_order[d.scope] = None
            else:
                g[0].append(d)
                arts = g[1]
                if arts[-1] != i:
                    arts.append(i)
                    dkeys.append(k)
        dkeys = tuple(dkeys)
        dkeys_of.append(dkeys)
        by = r.byline
        author_slug = aslugs[by.name] if by and by.name else None
        out = r.outlet
        outlet_slug = oslugs[out.key] if out and out.key else None
        # the locality keys are set below, from the entry of the article's units
        articles.append(_article(r, i, f"/bai/{r.slug}/", dkeys, (), (), author_slug, outlet_slug,
                                 when[3], when[0], when[1], when[2]))
        if author_slug is not None:
            authors[author_slug].articles.append(i)
        if outlet_slug is not None:
            outlets[outlet_slug].articles.append(i)

    # ---- the chain of dated articles (newest first, as ``articles``) ----
    last_dated: Article | None = None
    for a in articles:
        if a.date is not None:
            if last_dated is not None:
                a.newer, last_dated.older = last_dated.index, a.index
            last_dated = a

    # ---- localities: the units of the records and their ancestors ----
    def note_ancestor(key: str, level: str, province_key: str) -> None:
        if key in loc_info:
            return
        u = _unit(gaz, key)
        loc_info[key] = {
            "key": key,
            "name": getattr(u, "name", None) or key.rsplit("/", 1)[-1].replace("-", " ").title(),
            "short_name": getattr(u, "short_name", None) or getattr(u, "name", None) or key,
            "level": level, "province_key": province_key, "district_key": None, "from_record": False,
        }

    def parent_of(info: dict[str, Any]) -> str | None:
        if info["level"] == "province":
            return None
        if info["level"] == "ward":
            return info.get("district_key") or info["province_key"]
        return info["province_key"]

    for key in list(loc_info):
        info = loc_info[key]
        pk = info["province_key"]
        if info["level"] != "province" and pk and pk != key:
            note_ancestor(pk, "province", pk)
        dk = info.get("district_key")
        if info["level"] == "ward" and dk and dk != key:
            note_ancestor(dk, "district", pk)
    # Directive scopes are locality keys too; link them when they are known units, in the order the
    # references name them. A key's references share its scope (the key ends in "@scope"), so that
    # is the order noted above unless some key's references disagree.
    if any(len({d.scope for d in g[0]}) > 1 for g in refs_of.values() if len(g[0]) > 1):
        scope_order = dict.fromkeys([d.scope for r in ordered for d in r.directives])
    unknown_scopes: set[str] = set()
    for scope in scope_order:
        if scope and scope not in loc_info and scope not in unknown_scopes:
            u = _unit(gaz, scope)
            if u is None:
                unknown_scopes.add(scope)
            if u is not None:
                lvl = getattr(u, "level", "province") or "province"
                pk = getattr(u, "province_key", None) or scope.split("/")[0]
                note_ancestor(scope, lvl, pk)
                if lvl != "province":
                    note_ancestor(pk, "province", pk)

    # Every province of the gazetteer gets a page, with or without articles: the tile map on
    # /dia-phuong/ links each of its 63 tiles, and a reader can see that a province has no article yet.
    for u in _provinces(gaz):
        key = getattr(u, "key", None)
        if isinstance(key, str) and key and "/" not in key:
            note_ancestor(key, "province", key)

    # URL segments: each key's last segment, slug-safe and unique among its siblings.
    by_parent: dict[str | None, list[str]] = defaultdict(list)
    for key, info in loc_info.items():
        by_parent[parent_of(info)].append(key)
    segs: dict[str, str] = {}
    for parent, keys in by_parent.items():
        segs.update(assign_slugs(keys, base=lambda k: safe_slug(k.rsplit("/", 1)[-1])))

    def loc_url(key: str) -> str:
        chain = []
        cur: str | None = key
        guard = 0
        while cur is not None and guard < 5:
            chain.append(segs[cur])
            cur = parent_of(loc_info[cur])
            if cur is not None and cur not in loc_info:
                break
            guard += 1
        return "/dia-phuong/" + "/".join(reversed(chain)) + "/"

    localities: dict[str, LocalityEntry] = {}
    for key, info in loc_info.items():
        u = _unit(gaz, key)
        name = info["name"] or getattr(u, "name", None) or key
        localities[key] = LocalityEntry(
            key=key, name=name, short_name=info["short_name"] or name, level=info["level"],
            province_key=info["province_key"], district_key=info.get("district_key"),
            parent_key=parent_of(info), url=loc_url(key),
            today=getattr(u, "today", None) if u is not None else None,
        )
    for key, e in localities.items():
        if e.parent_key and e.parent_key in localities:
            localities[e.parent_key].children.append(key)
    # Vietnamese order of the short names, then the key: computed once, as one integer per unit.
    loc_order = sorted(localities, key=lambda k: (sort_key(localities[k].short_name), k))
    loc_rank = {k: n for n, k in enumerate(loc_order)}
    for e in localities.values():
        e.children.sort(key=loc_rank.__getitem__)
    provinces = sorted((k for k, e in localities.items() if e.level == "province" or e.parent_key is None),
                       key=loc_rank.__getitem__)

    # ---- directives ----
    # Each directive as its first (newest) reference has it, unless a later one carries registry
    # facts; the fields it lacks come from the first later reference that has them (a subject found
    # in one article only, ...).
    dslugs = assign_slugs(refs_of)
    directives: dict[str, DirectiveEntry] = {}
    for key, (refs, arts) in refs_of.items():
        d = refs[0]
        filled: dict[str, Any] = {}
        if len(refs) > 1:
            start = 1
            if not d.in_registry:
                for j, x in enumerate(refs):
                    if x.in_registry:
                        d, start = x, j + 1
                        break
            rest = refs[start:]
            if rest:
                for f, get in _FIELD.items():
                    if get(d) is None:
                        filled[f] = _first_set(map(get, rest))
            mentions = sum([x.mentions for x in refs])
        else:
            mentions = 0 + d.mentions
        slug = dslugs[key]
        # positional (keywords cost twice as much here): key, slug, url, code, kind, issuer,
        # issuer_name, scope, subject, issued, name, in_registry, articles, mentions
        directives[key] = DirectiveEntry(
            key, slug, f"/van-ban/{slug}/", d.code, d.kind or "Văn bản", d.issuer or "",
            filled.get("issuer_name") or d.issuer_name or d.issuer or "Không rõ cơ quan ban hành",
            d.scope, filled.get("subject", d.subject), filled.get("issued", d.issued), filled.get("name", d.name),
            d.in_registry, arts, mentions,
        )
    del refs_of
    # Natural order of codes, then keys: each distinct code ranked once (a catalog has many keys
    # per code, one per issuing locality).
    code_rank = {c: n for n, c in enumerate(sorted({de.code for de in directives.values()}, key=code_sort_key))}
    dir_order = sorted(directives, key=lambda k: (code_rank[directives[k].code], k))
    dir_rank = {k: n for n, k in enumerate(dir_order)}

    # ---- the articles' localities ----
    # Ancestor chain of each locality (itself first), walked once per locality, not per article.
    chains: dict[str, list[str]] = {}
    for k in localities:
        chain = []
        cur: str | None = k
        while cur is not None and cur in localities and cur not in chain:
            chain.append(cur)
            cur = localities[cur].parent_key
        chains[k] = chain
    prov_of = {k: e.province_key for k, e in localities.items() if e.province_key in localities}
    # When each unit's province is in its chain and each province is its own, the provinces an
    # article touches are the touched units that are provinces: a directive's counts per province
    # are then its counts per locality, read off the localities' counts below.
    provinces_touched = (all(p in chains[k] for k, p in prov_of.items())
                         and all(prov_of.get(p) == p for p in prov_of.values()))
    parent = {k: chain[1] if len(chain) > 1 else None for k, chain in chains.items()}
    for e in units_entry.values():
        seen: set[str] = set()
        for k in e[0]:
            p = parent[k]
            if k in seen or (p is not None and p not in seen):
                break
            seen.add(k)
        else:       # each named once, after its parent: the walk below would list them as they are
            e[1] = e[2] = e[0]
        if e[1] is None:
            # own localities (each once) and their ancestors: a walk up each unit's chain stops
            # at a unit already listed; every article takes its entry's tuples below
            lkeys: list[str] = []
            touched: list[str] = []
            for k in e[0]:
                if k not in lkeys:
                    lkeys.append(k)
                    for c in chains[k]:
                        if c in touched:
                            break
                        touched.append(c)
            e[1], e[2] = tuple(lkeys), tuple(touched)
        if not provinces_touched:
            e.append({prov_of[c] for c in e[2] if c in prov_of})
    del units_entry
    loc_lists = {k: e.articles for k, e in localities.items()}
    for i, (a, e) in enumerate(zip(articles, entry_of)):
        a.locality_keys, a.touched_localities = e[1], e[2]
        for k in e[2]:
            loc_lists[k].append(i)
    if not provinces_touched:
        provs_of = [e[3] for e in entry_of]    # province keys per article
    del entry_of

    # Years: the articles of a year follow one another (the order is by year first), so each
    # year's list is made run by run.
    years: dict[int, YearEntry] = {}
    undated: list[int] = []
    year_months: dict[int, dict] = {}
    i = 0
    for year, run in groupby(ordered_when, _YEAR):
        run = list(run)
        j = i + len(run)
        if year is None:
            undated.extend(range(i, j))
        else:
            ye = years.get(year)
            if ye is None:
                ye = years[year] = YearEntry(year=year, url=f"/nam/{year}/")
                year_months[year] = {}
            ye.articles.extend(range(i, j))
            _count(year_months[year], map(_MONTH, run))
        i = j
    for year, ms in year_months.items():
        years[year].months = [(m, ms[m]) for m in sorted((m for m in ms if m is not None), reverse=True)]
        if None in ms:
            years[year].months.append((None, ms[None]))
    del year_months

    # ---- counts ----
    # Per entry, from its articles' columns (months, co-cited directives, provinces), with sort
    # keys as integers computed once per entry: for counted lists the count first, most first
    # (``rank - count * n`` orders as ``(-count, rank)`` since 0 <= rank < n).
    span = _MonthSpan({when[4] for when in ordered_when} - {None})
    month_no = dict(zip(span.labels, range(1, len(span.labels) + 1)))   # 0: no date
    months_of = [month_no.get(when[4], 0) for when in ordered_when]
    del ordered_when
    # Articles come in runs of one month (newest first); run_end[i]: where the run of article i
    # ends, run_no[i]: its number. An entry with many articles per run counts them run by run.
    run_end: list[int] = []
    run_no: list[int] = []
    i = 0
    for n_run, (_, run) in enumerate(groupby(months_of)):
        j = i + len(list(run))
        run_end.extend([j] * (j - i))
        run_no.extend([n_run] * (j - i))
        i = j
    get_mn = months_of.__getitem__

    def month_counts(arts: list[int], entry: Any) -> None:
        """``entry.undated`` and ``entry.by_month`` from its articles ``arts``."""
        mc: dict[int, int] = {}
        if len(arts) > 2 * (run_no[arts[-1]] - run_no[arts[0]] + 1):
            j, n_arts = 0, len(arts)
            while j < n_arts:
                i = arts[j]
                k = bisect_left(arts, run_end[i], j + 1)
                mc[months_of[i]] = mc.get(months_of[i], 0) + k - j
                j = k
        else:
            _count(mc, map(get_mn, arts))
        entry.undated = mc.pop(0, 0)
        if mc:
            entry.by_month = span.series(mc)

    n_dir, n_loc = len(dir_rank) or 1, len(loc_rank) or 1

    def cited(arts: list[int]) -> Iterable[str]:
        """The directive keys of the articles ``arts``, one article after another."""
        return _chain.from_iterable(itemgetter(*arts)(dkeys_of)) if len(arts) > 1 else dkeys_of[arts[0]]

    prov_counts: dict[str, dict[str, int]] = {}
    for k, le in localities.items():
        arts = le.articles
        if not arts:
            continue
        month_counts(arts, le)
        dc: dict[str, int] = {}
        _count(dc, cited(arts))
        le.directives = sorted(dc.items(), key=lambda kv: dir_rank[kv[0]] - kv[1] * n_dir)
        if provinces_touched and prov_of.get(k) == k:
            prov_counts[k] = dc
    # (province, count) per directive, in the provinces' order: a stable sort by count then
    # gives the order of ``rank - count * n``
    by_prov: dict[str, list[tuple[str, int]]] = {k: [] for k in directives}
    for p in loc_order:
        if p in prov_counts:
            for dk, c in prov_counts[p].items():
                by_prov[dk].append((p, c))
    del prov_counts
    for k, de in directives.items():
        arts = de.articles
        if len(arts) == 1:      # a third of them: the counts of one article, without counting
            i = arts[0]
            mn = months_of[i]
            if mn:
                de.by_month = [(span.labels[mn - 1], 1)]
            else:
                de.undated = 1
            de.related = sorted([(o, 1) for o in dkeys_of[i] if o != k], key=lambda kv: dir_rank[kv[0]])
        else:
            month_counts(arts, de)
            co: dict[str, int] = {}
            _count(co, cited(arts))
            del co[k]
            de.related = sorted(co.items(), key=lambda kv: dir_rank[kv[0]] - kv[1] * n_dir)
        if provinces_touched:
            de.by_province = sorted(by_prov[k], key=_COUNT, reverse=True)
        else:
            pc: dict[str, int] = {}
            _count(pc, _chain.from_iterable(map(provs_of.__getitem__, arts)))
            de.by_province = sorted(pc.items(), key=lambda kv: loc_rank[kv[0]] - kv[1] * n_loc)
    del months_of, run_end, run_no, dkeys_of, by_prov, chains

    # ---- directive groups: kind > issuer ----
    kinds: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for k, de in directives.items():
        kinds[de.kind][de.issuer_name].append(k)

    def kind_key(kind: str) -> tuple:
        return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), sort_key(kind))

    groups = []
    order: list[str] = []
    for kind in sorted(kinds, key=kind_key):
        issuers = []
        for iss in sorted(kinds[kind], key=lambda s: (sort_key(s), s)):
            keys = sorted(kinds[kind][iss], key=dir_rank.__getitem__)
            issuers.append((iss, keys))
            order.extend(keys)
        groups.append((kind, issuers))

    author_order = sorted(authors, key=lambda s: (sort_key(authors[s].name), s))
    outlet_order = sorted(outlets, key=lambda s: (sort_key(outlets[s].name), s))

    return Catalog(
        site=site, articles=articles, directives=directives, directive_order=order,
        directive_groups=groups, localities=localities, provinces=provinces,
        authors=authors, author_order=author_order, outlets=outlets, outlet_order=outlet_order,
        years=years, year_order=sorted(years, reverse=True), undated=undated, records=ordered,
    )
