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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any, Iterable

from slugify import slugify

from .config import SiteData
from .model import Locality, Record
from .text import sort_key

# Folder names a taxonomy slug must never take: "trang" holds the later pages of a list.
RESERVED = frozenset({"trang", "feed", "feed-xml", "index", "assets"})
PAGE_DIR = "trang"

# Display order of directive kinds on /van-ban/; other kinds follow in Vietnamese order.
KIND_ORDER = ("Nghị quyết", "Chỉ thị", "Kết luận", "Quy định", "Quyết định", "Hướng dẫn", "Kế hoạch",
              "Thông báo", "Thông tri", "Nghị định", "Thông tư")


# --- slugs and pagination -------------------------------------------------------------------------

def safe_slug(text: str, fallback: str = "x") -> str:
    """python-slugify slug, never empty and never a reserved folder name."""
    s = slugify(text or "") or fallback
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

    ordered = sorted(records, key=date_sort_key, reverse=True)
    # Slugs are unique already (extractor guarantee); keep the first on a clash, deterministically.
    seen_slugs: set[str] = set()
    unique: list[Record] = []
    for r in ordered:
        if r.slug in seen_slugs:
            continue
        seen_slugs.add(r.slug)
        unique.append(r)
    ordered = unique

    # ---- localities: collect units and their ancestors ----
    loc_info: dict[str, dict[str, Any]] = {}

    def note_locality(loc: Locality) -> None:
        cur = loc_info.get(loc.key)
        if cur is None or (not cur.get("from_record")):
            loc_info[loc.key] = {
                "key": loc.key, "name": loc.name, "short_name": loc.short_name or loc.name,
                "level": loc.level, "province_key": loc.province_key or loc.key.split("/")[0],
                "district_key": loc.district_key, "from_record": True,
            }

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

    for r in ordered:
        for loc in r.localities:
            note_locality(loc)
    for key in list(loc_info):
        info = loc_info[key]
        pk = info["province_key"]
        if info["level"] != "province" and pk and pk != key:
            note_ancestor(pk, "province", pk)
        dk = info.get("district_key")
        if info["level"] == "ward" and dk and dk != key:
            note_ancestor(dk, "district", pk)
    # Directive scopes are locality keys too; link them when they are known units.
    for r in ordered:
        for d in r.directives:
            if d.scope and d.scope not in loc_info:
                u = _unit(gaz, d.scope)
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
    for e in localities.values():
        e.children.sort(key=lambda k: (sort_key(localities[k].short_name), k))
    provinces = sorted((k for k, e in localities.items() if e.level == "province" or e.parent_key is None),
                       key=lambda k: (sort_key(localities[k].short_name), k))

    # ---- directives ----
    dir_first: dict[str, Any] = {}
    for r in ordered:
        for d in r.directives:
            cur = dir_first.get(d.key)
            # Prefer a reference carrying registry facts; otherwise the first (newest) seen.
            if cur is None or (not cur.in_registry and d.in_registry):
                dir_first[d.key] = d
            elif cur is not None:
                # Fill gaps from later references (subject found in one article only, ...).
                for f in ("subject", "issued", "name", "issuer_name"):
                    if getattr(cur, f) is None and getattr(d, f) is not None:
                        dir_first[d.key] = _merged(cur, f, getattr(d, f))
                        cur = dir_first[d.key]
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
    articles: list[Article] = []
    years: dict[int, YearEntry] = {}
    undated: list[int] = []
    cooc: dict[str, Counter] = defaultdict(Counter)
    dir_months: dict[str, Counter] = defaultdict(Counter)
    dir_prov: dict[str, Counter] = defaultdict(Counter)
    loc_months: dict[str, Counter] = defaultdict(Counter)
    loc_dirs: dict[str, Counter] = defaultdict(Counter)
    year_months: dict[int, Counter] = defaultdict(Counter)

    for i, r in enumerate(ordered):
        a = Article(record=r, index=i, url=f"/bai/{r.slug}/")
        a.date, a.time, a.year = clean_when(r)
        month_key = a.date[:7] if a.date else None
        a.month = int(a.date[5:7]) if a.date else None
        dkeys = list(dict.fromkeys(d.key for d in r.directives))
        a.directive_keys = dkeys
        a.locality_keys = list(dict.fromkeys(loc.key for loc in r.localities if loc.key in localities))
        touched: list[str] = []
        for k in a.locality_keys:
            cur: str | None = k
            while cur is not None and cur in localities and cur not in touched:
                touched.append(cur)
                cur = localities[cur].parent_key
        a.touched_localities = touched
        provs = sorted({localities[k].province_key for k in touched if localities[k].province_key in localities})
        for dk in dkeys:
            de = directives[dk]
            de.articles.append(i)
            if month_key:
                dir_months[dk][month_key] += 1
            else:
                de.undated += 1
            for p in provs:
                dir_prov[dk][p] += 1
            for other in dkeys:
                if other != dk:
                    cooc[dk][other] += 1
        for d in r.directives:
            directives[d.key].mentions += d.mentions
        for k in touched:
            le = localities[k]
            le.articles.append(i)
            if month_key:
                loc_months[k][month_key] += 1
            else:
                le.undated += 1
            for dk in dkeys:
                loc_dirs[k][dk] += 1
        if r.byline and r.byline.name:
            a.author_slug = aslugs[r.byline.name]
            authors[a.author_slug].articles.append(i)
        if r.outlet and r.outlet.key:
            a.outlet_slug = oslugs[r.outlet.key]
            outlets[a.outlet_slug].articles.append(i)
        year = a.year
        if year is None:
            undated.append(i)
        else:
            ye = years.get(year)
            if ye is None:
                ye = years[year] = YearEntry(year=year, url=f"/nam/{year}/")
            ye.articles.append(i)
            year_months[year][a.month] += 1
        articles.append(a)

    for k, de in directives.items():
        de.related = sorted(cooc[k].items(), key=lambda kv: (-kv[1], code_sort_key(directives[kv[0]].code), kv[0]))
        de.by_month = _months_span(dir_months[k])
        de.by_province = sorted(dir_prov[k].items(),
                                key=lambda kv: (-kv[1], sort_key(localities[kv[0]].short_name), kv[0]))
    for k, le in localities.items():
        le.by_month = _months_span(loc_months[k])
        le.directives = sorted(loc_dirs[k].items(),
                               key=lambda kv: (-kv[1], code_sort_key(directives[kv[0]].code), kv[0]))
    for y, ye in years.items():
        ms = year_months[y]
        ye.months = [(m, ms[m]) for m in sorted((m for m in ms if m is not None), reverse=True)]
        if None in ms:
            ye.months.append((None, ms[None]))

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
            keys = sorted(kinds[kind][iss], key=lambda k: (code_sort_key(directives[k].code), k))
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


def _merged(d: Any, field_name: str, value: Any) -> Any:
    from dataclasses import replace
    return replace(d, **{field_name: value})
