"""Atom 1.0 feeds: site-wide, per directive, per locality.

Ids are the absolute URLs of the pages (stable as long as base_url and slugs are). ``updated`` is the
newest article date in the feed, never the build time; an entry with no date uses its year's first
day, and an entry with neither uses a fixed epoch, so the output depends on the input only.
"""

from __future__ import annotations

import re
import weakref
from itertools import islice
from typing import Any, Iterable

from .catalog import Article, Catalog
from .model import Record
from .text import shorten

FEED_SIZE = 50
# characters of an entry's summary (the lead): a lead is a few hundred, but a page scraped with its
# line breaks lost is all lead, and each entry is copied into the feed of every directive and
# place the article names
SUMMARY_CHARS = 1000
EPOCH = "1970-01-01T00:00:00Z"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def xml_text(s: Any) -> str:
    """Escape for XML text and attribute values; drop characters XML 1.0 forbids.

    (A regular expression and str.replace: ``str.translate`` with a dict costs a lookup per
    character, which made feeds the slowest part of rendering.)
    """
    s = str(s)
    if _XML_SPECIAL.search(s) is None:     # most text: one scan, nothing to change
        return s
    s = _INVALID_XML.sub("", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def absolute(base_url: str, url: str) -> str:
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def record_timestamp(a: Article) -> str:
    """RFC 3339 time of an article (UTC+7 as the papers print it)."""
    if a.date:
        return f"{a.date}T{a.time or '00:00'}:00+07:00"
    if a.year:
        return f"{a.year:04d}-01-01T00:00:00+07:00"
    return EPOCH


def _utc_sort(ts: str) -> str:
    # All stamps are +07:00 or the epoch; comparing the strings is enough within one offset,
    # and the epoch is older than any article.
    return ts if ts != EPOCH else ""


# One build's entries: the Atom <entry> of an article is the same in every feed that lists it (the
# site feed and those of its directives and localities), so it is kept once made, and so are the
# <category> lines of each directive. The catalog is held weakly: a new build (a new catalog)
# starts a new cache, and the cache goes when its catalog goes.
#
# At most ENTRIES_KEPT entries are kept (the cache is emptied when full): at 100,000 articles the
# feeds list 33,478 articles in 46,668 entries, and keeping every one held about 35 MB of the
# build's peak (two render processes) to save making 28% of them again (6 µs each).
ENTRIES_KEPT = 4096


class _Cache:
    __slots__ = ("ref", "base", "entries", "categories")

    def __init__(self, cat: Catalog, base: str) -> None:
        self.ref = weakref.ref(cat, _drop_cache)
        self.base = base
        self.entries: dict[int, tuple[Article, str, bytes, Record]] = {}   # by article index
        self.categories: dict[str, str] = {}                      # by directive key


_cache: _Cache | None = None


def _drop_cache(ref: weakref.ref) -> None:
    global _cache
    if _cache is not None and _cache.ref is ref:
        _cache = None


def _build_cache(cat: Catalog, base: str) -> _Cache:
    global _cache
    cur = _cache
    if cur is not None and cur.ref() is cat and cur.base == base:
        return cur
    cur = _cache = _Cache(cat, base)
    return cur


def _entry(cat: Catalog, cache: _Cache, a: Article) -> tuple[Article, str, bytes, Record]:
    """(article, timestamp, UTF-8 <entry> element, the record it was made from) of one article."""
    r = a.record
    ts = record_timestamp(a)
    url = xml_text(absolute(cache.base, a.url))
    out = ["  <entry>\n",
           f"    <title>{xml_text(r.title)}</title>\n",
           f'    <link rel="alternate" type="text/html" href="{url}"/>\n',
           f"    <id>{url}</id>\n",
           f"    <updated>{ts}</updated>\n"]
    if a.date:
        out.append(f"    <published>{ts}</published>\n")
    if r.byline and r.byline.name:
        out.append(f"    <author><name>{xml_text(r.byline.name)}</name></author>\n")
    categories = cache.categories
    for k in a.directive_keys:
        line = categories.get(k)
        if line is None:
            d = cat.directives[k]
            line = categories[k] = f'    <category term="{xml_text(d.code)}" label="{xml_text(d.kind + " " + d.code)}"/>\n'
        out.append(line)
    lead = shorten(r.lead, SUMMARY_CHARS)
    if lead:
        out.append(f"    <summary>{xml_text(lead)}</summary>\n")
    out.append("  </entry>\n")
    return a, ts, "".join(out).encode("utf-8"), r


def atom_feed(cat: Catalog, *, title: str, page_url: str, feed_url: str, articles: Iterable[Article],
              subtitle: str = "") -> bytes:
    site = cat.site
    base = site.base_url
    cache = _build_cache(cat, base)
    known = cache.entries
    entries = []
    for a in islice(articles, FEED_SIZE):
        e = known.get(a.index)
        if e is None or e[0] is not a or e[3] is not a.record:   # serve may keep a catalog, not its records
            if len(known) >= ENTRIES_KEPT:
                known.clear()
            e = known[a.index] = _entry(cat, cache, a)
        entries.append(e)
    updated = max((e[1] for e in entries), key=_utc_sort) if entries else EPOCH
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_text(site.language or "vi")}">\n',
           f"  <title>{xml_text(title)}</title>\n"]
    if subtitle:
        out.append(f"  <subtitle>{xml_text(subtitle)}</subtitle>\n")
    out += [f'  <link rel="self" type="application/atom+xml" href="{xml_text(absolute(base, feed_url))}"/>\n',
            f'  <link rel="alternate" type="text/html" href="{xml_text(absolute(base, page_url))}"/>\n',
            f"  <id>{xml_text(absolute(base, feed_url))}</id>\n",
            f"  <updated>{updated}</updated>\n",
            f"  <author><name>{xml_text(site.title)}</name></author>\n",
            f"  <generator>Bản tin</generator>\n"]
    return b"".join([("".join(out)).encode("utf-8"), *[e[2] for e in entries], b"</feed>\n"])
