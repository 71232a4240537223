"""Catalog: the cross-referenced taxonomies of the site, built once from the records.

``build_catalog(records, data)`` is pure: it reads the records and the site data and returns a
``Catalog`` of plain dataclasses. Everything is computed with dictionaries in a few linear passes
(no repeated scans), so 10,000+ records stay fast. Every list is sorted with explicit keys, so the
same input always gives the same catalog:

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
from collections import Counter, defaultdict
from itertools import chain as _chain
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any, Iterable

from slugify import slugify

from .config import SiteData
from .model import Record
from .text import fold, sort_key

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
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _slugify(text: str) -> str:
    """``slugify(text)``; plain Vietnamese text (the usual case) takes a fast path with the same result.

    python-slugify decodes HTML entities ("&amp;") and joins digit groups ("1,000"), so text with
    "&" or "," always goes through it, as does any character other than ASCII and Vietnamese letters.
    """
    if "&" not in text and "," not in text:
        if text.isascii() or unicodedata.normalize("NFD", text).translate(_VI_ONLY).isascii():
            f = fold(text)
            if f.isascii():
                return _NON_ALNUM.sub("-", f).strip("-")
    return slugify(text)


def safe_slug(text: str, fallback: str = "x") -> str:
    """python-slugify slug, never empty and never a reserved folder name."""
    s = _slugify(text or "") or fallback
    if s in RESERVED:
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
    for k in wanted:
        if k in out:
            continue
        s, n = bases[k], 1
        cand = s
        while cand in used:
            n += 1
            cand = f"{s}-{n}"
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
    directive_keys: list[str] = field(default_factory=list)
    locality_keys: list[str] = field(default_factory=list)   # own localities, in record order
    touched_localities: list[str] = field(default_factory=list)  # own + ancestors
    author_slug: str | None = None
    outlet_slug: str | None = None
    month: int | None = None
    # the record's date, time and year when well-formed (see ``clean_when``)
    date: str | None = None
    time: str | None = None
    year: int | None = None


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
        self.pos = {k: i for i, k in enumerate(self.labels)}
        self.zeros = [(k, 0) for k in self.labels]

    def __call__(self, counts: dict[str, int]) -> list[tuple[str, int]]:
        if not counts:
            return []
        pos = self.pos
        lo = pos[min(counts)]
        out = self.zeros[lo:pos[max(counts)] + 1]
        for k, c in counts.items():
            out[pos[k] - lo] = (k, c)
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


def _loc_url(key: str, segs: dict[str, str]) -> str:
    return "/dia-phuong/" + "/".join(segs[p] for p in _key_chain(key)) + "/"


def _key_chain(key: str) -> list[str]:
    """"a/b/c" -> ["a", "a/b", "a/b/c"]."""
    parts = key.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def build_catalog(records: list[Record], data: SiteData) -> Catalog:
    site = data.site
    gaz = getattr(data, "gazetteer", None)

    # The order of ``date_sort_key``, with each record's ``clean_when`` computed once (it is reused
    # for the articles below).
    whens = [clean_when(r) for r in records]
    if all(isinstance(r.slug, str) for r in records):
        # ``date_sort_key`` as one string, which sorts the same and compares faster than a tuple:
        # "0" + slug without a year, else "1", the year in 4 digits, then the date (10 characters
        # or none) and the time (5 or none), each closed by "\0" (below any digit), then the slug.
        keys: list[Any] = [f"1{w[2]:04d}{w[0] or ''}\0{w[1] or ''}\0{r.slug}" if w[2] is not None else "0" + r.slug
                           for r, w in zip(records, whens)]
    else:
        keys = [(0, 0, "", "", r.slug) if w[2] is None else (1, w[2], w[0] or "", w[1] or "", r.slug)
                for r, w in zip(records, whens)]
    order_idx = sorted(range(len(records)), key=keys.__getitem__, reverse=True)
    del keys
    # Slugs are unique already (extractor guarantee); keep the first on a clash, deterministically.
    seen_slugs: set[str] = set()
    ordered: list[Record] = []
    ordered_when: list[tuple[str | None, str | None, int | None]] = []
    for j in order_idx:
        r = records[j]
        if r.slug in seen_slugs:
            continue
        seen_slugs.add(r.slug)
        ordered.append(r)
        ordered_when.append(whens[j])
    del whens, order_idx, seen_slugs

    # ---- localities: collect units and their ancestors ----
    loc_info: dict[str, dict[str, Any]] = {}

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

    # Each unit of the records, as the first (newest) record naming it has it.
    for r in ordered:
        for loc in r.localities:
            if loc.key not in loc_info:
                loc_info[loc.key] = {
                    "key": loc.key, "name": loc.name, "short_name": loc.short_name or loc.name,
                    "level": loc.level, "province_key": loc.province_key or loc.key.split("/")[0],
                    "district_key": loc.district_key, "from_record": True,
                }
    for key in list(loc_info):
        info = loc_info[key]
        pk = info["province_key"]
        if info["level"] != "province" and pk and pk != key:
            note_ancestor(pk, "province", pk)
        dk = info.get("district_key")
        if info["level"] == "ward" and dk and dk != key:
            note_ancestor(dk, "district", pk)
    # Directive scopes are locality keys too; link them when they are known units.
    unknown_scopes: set[str] = set()
    for r in ordered:
        for d in r.directives:
            if d.scope and d.scope not in loc_info and d.scope not in unknown_scopes:
                u = _unit(gaz, d.scope)
                if u is None:
                    unknown_scopes.add(d.scope)
                if u is not None:
                    lvl = getattr(u, "level", "province") or "province"
                    pk = getattr(u, "province_key", None) or d.scope.split("/")[0]
                    note_ancestor(d.scope, lvl, pk)
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
    loc_rank = {k: n for n, k in enumerate(sorted(localities, key=lambda k: (sort_key(localities[k].short_name), k)))}
    for e in localities.values():
        e.children.sort(key=loc_rank.__getitem__)
    provinces = sorted((k for k, e in localities.items() if e.level == "province" or e.parent_key is None),
                       key=loc_rank.__getitem__)

    # ---- directives ----
    dir_first: dict[str, Any] = {}
    gaps: dict[str, list[str]] = {}     # the fields of dir_first[key] still None, in _FILLED order
    for r in ordered:
        for d in r.directives:
            cur = dir_first.get(d.key)
            # Prefer a reference carrying registry facts; otherwise the first (newest) seen.
            if cur is None or (not cur.in_registry and d.in_registry):
                dir_first[d.key] = d
                gaps[d.key] = [f for f in _FILLED if getattr(d, f) is None]
            else:
                # Fill gaps from later references (subject found in one article only, ...).
                missing = gaps[d.key]
                if missing:
                    for f in list(missing):
                        v = getattr(d, f)
                        if v is not None:
                            cur = dir_first[d.key] = _merged(cur, f, v)
                            missing.remove(f)
    del gaps
    dslugs = assign_slugs(dir_first)
    directives: dict[str, DirectiveEntry] = {}
    for key, d in dir_first.items():
        directives[key] = DirectiveEntry(
            key=key, slug=dslugs[key], url=f"/van-ban/{dslugs[key]}/", code=d.code, kind=d.kind or "Văn bản",
            issuer=d.issuer or "", issuer_name=d.issuer_name or d.issuer or "Không rõ cơ quan ban hành",
            scope=d.scope, subject=d.subject, issued=d.issued, name=d.name, in_registry=d.in_registry,
        )

    # ---- authors and outlets ----
    author_names = {r.byline.name for r in ordered if r.byline and r.byline.name}
    aslugs = assign_slugs(author_names)
    authors = {aslugs[n]: PersonEntry(key=n, slug=aslugs[n], url=f"/tac-gia/{aslugs[n]}/", name=n)
               for n in author_names}
    outlet_names: dict[str, str] = {}
    for r in ordered:
        if r.outlet and r.outlet.key and r.outlet.key not in outlet_names:
            outlet_names[r.outlet.key] = r.outlet.name or r.outlet.key
    oslugs = assign_slugs(outlet_names)
    outlets = {oslugs[k]: PersonEntry(key=k, slug=oslugs[k], url=f"/nguon/{oslugs[k]}/", name=outlet_names[k])
               for k in outlet_names}

    # ---- one pass over the articles ----
    # Each article's index lands in the lists of its directives, localities, author, outlet and
    # year; the per-entry counts (months, provinces, co-cited directives) are then counted per entry
    # from those lists with ``Counter`` over per-article columns (no nested counting loops).
    articles: list[Article] = []
    years: dict[int, YearEntry] = {}
    undated: list[int] = []
    month_keys: list[str | None] = []          # "2019-05" per article (None: no date)
    months_of: list[int | None] = []           # month number per article
    dkeys_of: list[list[str]] = []             # directive keys per article
    provs_of: list[Any] = []                   # province keys per article (only with directives)
    no_provs: tuple = ()

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

    loc_articles = {k: e.articles for k, e in localities.items()}
    month_key_of: dict[str, str] = {}          # one "2019-05" string per month, shared
    for i, (r, when) in enumerate(zip(ordered, ordered_when)):
        date, time, year = when
        if date:
            month = int(date[5:7])
            mk = date[:7]
            mk = month_key_of.setdefault(mk, mk)
        else:
            month = mk = None
        refs = r.directives
        if not refs:
            dkeys = []
        elif len(refs) == 1:
            dkeys = [refs[0].key]
        else:
            dkeys = list(dict.fromkeys([d.key for d in refs]))
        # every locality of a record is in ``localities`` (noted above)
        locs = r.localities
        if not locs:
            lkeys, touched = [], []
        elif len(locs) == 1:
            lkeys = [locs[0].key]
            touched = list(chains[lkeys[0]])
        else:
            lkeys = list(dict.fromkeys([loc.key for loc in locs]))
            # own localities and their ancestors: a walk stops at a unit already listed, whose own
            # ancestors are then listed too
            touched = []
            for k in lkeys:
                for c in chains[k]:
                    if c in touched:
                        break
                    touched.append(c)
        by = r.byline
        author_slug = aslugs[by.name] if by and by.name else None
        out = r.outlet
        outlet_slug = oslugs[out.key] if out and out.key else None
        # positional: record, index, url, directive_keys, locality_keys, touched_localities,
        # author_slug, outlet_slug, month, date, time, year
        a = Article(r, i, f"/bai/{r.slug}/", dkeys, lkeys, touched, author_slug, outlet_slug, month, date, time, year)
        month_keys.append(mk)
        months_of.append(month)
        dkeys_of.append(dkeys)
        if dkeys:
            provs_of.append({prov_of[k] for k in touched if k in prov_of})
            for dk in dkeys:
                directives[dk].articles.append(i)
            for d in refs:
                directives[d.key].mentions += d.mentions
        else:
            provs_of.append(no_provs)
        for k in touched:
            loc_articles[k].append(i)
        if author_slug is not None:
            authors[author_slug].articles.append(i)
        if outlet_slug is not None:
            outlets[outlet_slug].articles.append(i)
        if year is None:
            undated.append(i)
        else:
            ye = years.get(year)
            if ye is None:
                ye = years[year] = YearEntry(year=year, url=f"/nam/{year}/")
            ye.articles.append(i)
        articles.append(a)

    # Sort keys as integers, once per entry rather than once per comparison: the rank in the
    # natural order of codes (then keys), and for counted lists the count first, most first
    # (``rank - count * n`` orders as ``(-count, rank)`` since 0 <= rank < n).
    dir_rank = {k: n for n, k in enumerate(sorted(directives, key=lambda k: (code_sort_key(directives[k].code), k)))}
    n_dir, n_loc = len(dir_rank) or 1, len(loc_rank) or 1

    span = _MonthSpan(m for m in set(month_keys) if m is not None)
    get_month, get_dkeys, get_provs = month_keys.__getitem__, dkeys_of.__getitem__, provs_of.__getitem__
    for k, de in directives.items():
        arts = de.articles
        if len(arts) == 1:      # a third of them: the counts of one article, without Counters
            i = arts[0]
            mk = month_keys[i]
            if mk is None:
                de.undated = 1
            else:
                de.by_month = [(mk, 1)]
            de.related = sorted([(o, 1) for o in dkeys_of[i] if o != k], key=lambda kv: dir_rank[kv[0]])
            de.by_province = sorted([(p, 1) for p in provs_of[i]], key=lambda kv: loc_rank[kv[0]])
            continue
        mc = Counter(map(get_month, arts))
        de.undated = mc.pop(None, 0)
        de.by_month = span(mc)
        co = Counter(_chain.from_iterable(map(get_dkeys, arts)))
        del co[k]
        de.related = sorted(co.items(), key=lambda kv: dir_rank[kv[0]] - kv[1] * n_dir)
        pc = Counter(_chain.from_iterable(map(get_provs, arts)))
        de.by_province = sorted(pc.items(), key=lambda kv: loc_rank[kv[0]] - kv[1] * n_loc)
    for k, le in localities.items():
        arts = le.articles
        if not arts:
            continue
        mc = Counter(map(get_month, arts))
        le.undated = mc.pop(None, 0)
        le.by_month = span(mc)
        dc = Counter(_chain.from_iterable(map(get_dkeys, arts)))
        le.directives = sorted(dc.items(), key=lambda kv: dir_rank[kv[0]] - kv[1] * n_dir)
    get_mnum = months_of.__getitem__
    for y, ye in years.items():
        ms = Counter(map(get_mnum, ye.articles))
        ye.months = [(m, ms[m]) for m in sorted((m for m in ms if m is not None), reverse=True)]
        if None in ms:
            ye.months.append((None, ms[None]))
    del month_keys, months_of, dkeys_of, provs_of, chains

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


_FILLED = ("subject", "issued", "name", "issuer_name")


def _merged(d: Any, field_name: str, value: Any) -> Any:
    from dataclasses import replace
    return replace(d, **{field_name: value})
