"""Atom 1.0 feeds: site-wide, per directive, per locality.

Ids are the absolute URLs of the pages (stable as long as base_url and slugs are). ``updated`` is the
newest article date in the feed, never the build time; an entry with no date uses its year's first
day, and an entry with neither uses a fixed epoch, so the output depends on the input only.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .catalog import Article, Catalog

FEED_SIZE = 50
EPOCH = "1970-01-01T00:00:00Z"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(s: Any) -> str:
    """Escape for XML text and attribute values; drop characters XML 1.0 forbids.

    (A regular expression and str.replace: ``str.translate`` with a dict costs a lookup per
    character, which made feeds the slowest part of rendering.)
    """
    s = _INVALID_XML.sub("", str(s))
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


def atom_feed(cat: Catalog, *, title: str, page_url: str, feed_url: str, articles: Iterable[Article],
              subtitle: str = "") -> bytes:
    site = cat.site
    base = site.base_url
    entries = list(articles)[:FEED_SIZE]
    stamps = [record_timestamp(a) for a in entries]
    updated = max(stamps, key=_utc_sort) if stamps else EPOCH
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
    for a, ts in zip(entries, stamps):
        r = a.record
        url = absolute(base, a.url)
        out.append("  <entry>\n")
        out.append(f"    <title>{xml_text(r.title)}</title>\n")
        out.append(f'    <link rel="alternate" type="text/html" href="{xml_text(url)}"/>\n')
        out.append(f"    <id>{xml_text(url)}</id>\n")
        out.append(f"    <updated>{ts}</updated>\n")
        if a.date:
            out.append(f"    <published>{ts}</published>\n")
        if r.byline and r.byline.name:
            out.append(f"    <author><name>{xml_text(r.byline.name)}</name></author>\n")
        for k in a.directive_keys:
            d = cat.directives[k]
            out.append(f'    <category term="{xml_text(d.code)}" label="{xml_text(d.kind + " " + d.code)}"/>\n')
        lead = r.lead
        if lead:
            out.append(f"    <summary>{xml_text(lead)}</summary>\n")
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")
