"""The built shipped site as a whole: feeds, sitemap, robots.txt, canonical URLs, Open Graph,
NewsArticle JSON-LD, the data files and their page, the tile map, cross links, and pagination.

Most tests read ``built_site`` (the shipped content built once per session, tests/conftest.py);
pagination is checked on a copy of the content built with two items per page.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml

from bantin.catalog import url_to_path
from bantin.render import CSV_COLUMNS, RECORD_FIELDS
from support import CONTENT, TEMPLATES, copy_content

BASE = (yaml.safe_load((CONTENT / "site.yaml").read_text("utf-8")) or {}).get("base_url", "").rstrip("/") + "/"
ATOM = "{http://www.w3.org/2005/Atom}"


class Head(HTMLParser):
    """Collects <link>, <meta>, <a>, JSON-LD scripts and the h1 text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self.metas: dict[str, str] = {}
        self.anchors: list[dict] = []
        self.jsonld: list[str] = []
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(a)
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.metas[a.get("property") or a.get("name")] = a.get("content", "")
        elif tag == "a" and "href" in a:
            self.anchors.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "ld"
            self.jsonld.append("")
        elif tag == "h1":
            self._in = "h1"

    def handle_endtag(self, tag):
        if tag in ("script", "h1"):
            self._in = None

    def handle_data(self, data):
        if self._in == "ld":
            self.jsonld[-1] += data
        elif self._in == "h1":
            self.h1 += data

    def rel(self, rel: str) -> list[dict]:
        return [x for x in self.links if rel in x.get("rel", "").split()]

    def hrefs(self) -> set[str]:
        return {a["href"] for a in self.anchors}


def head(site: Path, url: str) -> Head:
    h = Head()
    h.feed((site / url_to_path(url)).read_text("utf-8"))
    return h


def page_urls(site: Path) -> list[str]:
    """Root-relative URL of every HTML page (not the search bundle)."""
    out = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        out.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return out


@pytest.fixture(scope="module")
def records(built_site) -> list[dict]:
    return json.loads((built_site / "records.json").read_text("utf-8"))


# --- feeds ------------------------------------------------------------------------------------------

def test_every_feed_is_atom_and_its_entries_point_at_pages(built_site, records):
    feeds = sorted(built_site.rglob("feed.xml"))
    assert len(feeds) >= 1 + 2  # site-wide, and per directive and locality
    for f in feeds:
        root = ET.parse(f).getroot()  # well-formed XML
        assert root.tag == f"{ATOM}feed", f
        parsed = feedparser.parse(f.read_bytes())
        assert not parsed.bozo, (f, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.feed.id.startswith(BASE)
        self_links = [x.href for x in parsed.feed.links if x.rel == "self"]
        assert self_links == [BASE + f.relative_to(built_site).as_posix()]
        for e in parsed.entries:
            assert e.link.startswith(BASE) and e.id == e.link
            assert (built_site / url_to_path("/" + e.link[len(BASE):])).is_file(), e.link
            assert e.title and e.updated
    site_feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert len(site_feed.entries) == min(50, len(records))
    assert {e.link for e in site_feed.entries} <= {BASE + f"bai/{r['slug']}/" for r in records}


@pytest.mark.parametrize("section", ["van-ban", "dia-phuong"])
def test_directive_and_locality_pages_link_their_feed(built_site, section):
    pages = sorted((built_site / section).glob("*/index.html"))
    assert pages
    for p in pages:
        url = "/" + p.parent.relative_to(built_site).as_posix() + "/"
        h = head(built_site, url)
        feeds = [x["href"] for x in h.rel("alternate") if x.get("type") == "application/atom+xml"]
        assert "/feed.xml" in feeds and url + "feed.xml" in feeds, url
        parsed = feedparser.parse((built_site / url_to_path(url + "feed.xml")).read_bytes())
        count = len(re.findall(r'<li class="article-item">', p.read_text("utf-8")))
        if count:
            assert parsed.entries, url
        # the feed holds the page's articles (newest first), the first page shows the newest ones
        first_links = [a["href"] for a in h.anchors if a["href"].startswith("/bai/")]
        if parsed.entries:
            assert parsed.entries[0].link == BASE + first_links[0].lstrip("/"), url


# --- sitemap, robots, canonical, Open Graph ---------------------------------------------------------

def test_sitemap_lists_every_public_page(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.find(f"{ns}loc").text for u in root.iter(f"{ns}url")]
    assert locs == sorted(set(locs))
    want = {BASE + u.lstrip("/") for u in page_urls(built_site) if u != "/404.html"}
    assert set(locs) == want
    for u in root.iter(f"{ns}url"):
        lastmod = u.find(f"{ns}lastmod")
        if lastmod is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod.text)


def test_robots_txt_points_at_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in text
    assert f"Sitemap: {BASE}sitemap.xml" in text.splitlines()


def test_canonical_and_open_graph_on_every_page(built_site):
    for url in page_urls(built_site):
        h = head(built_site, url)
        assert h.metas.get("og:site_name") and h.metas.get("og:title") and h.metas.get("og:type"), url
        assert h.metas.get("og:locale") == "vi_VN"
        if url == "/404.html":
            assert h.metas.get("robots") == "noindex" and not h.rel("canonical")
            continue
        canon = [x["href"] for x in h.rel("canonical")]
        assert canon == [BASE + url.lstrip("/")], url
        assert h.metas.get("og:url") == canon[0]
        assert h.metas.get("description"), url


def test_article_pages_carry_news_article_json_ld(built_site, records):
    by_slug = {r["slug"]: r for r in records}
    articles = sorted((built_site / "bai").glob("*/index.html"))
    assert len(articles) == len(records)
    for p in articles:
        slug = p.parent.name
        r = by_slug[slug]
        h = head(built_site, f"/bai/{slug}/")
        assert h.metas.get("og:type") == "article"
        assert len(h.jsonld) == 1, slug
        ld = json.loads(h.jsonld[0])
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
        assert ld["headline"] == r["title"] == h.h1.strip()
        assert ld["url"] == BASE + f"bai/{slug}/"
        if r["date"]:
            assert ld["datePublished"].startswith(r["date"] + "T") and ld["datePublished"].endswith("+07:00")
            assert h.metas.get("article:published_time") == ld["datePublished"]
        if r["byline"]:
            assert ld["author"] == {"@type": "Person", "name": r["byline"]["name"]}
        if r["outlet"]:
            assert ld["publisher"]["@type"] == "Organization" and ld["publisher"]["name"] == r["outlet"]["name"]
    # the shipped content has dates, bylines and outlets: the fields above are not all skipped
    assert any(r["date"] and r["byline"] and r["outlet"] for r in records)


# --- data files -------------------------------------------------------------------------------------

def test_records_json_and_csv_shape(built_site, records):
    fields = [name for name, _ in RECORD_FIELDS]
    assert records == sorted(records, key=lambda r: r["slug"])
    for r in records:
        assert set(fields) <= set(r), set(fields) - set(r)
    rows = list(csv.reader(io.StringIO((built_site / "records.csv").read_text("utf-8"), newline="")))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) - 1 == len(records)
    col = {name: i for i, name in enumerate(CSV_COLUMNS)}
    for row, r in zip(rows[1:], records):
        assert len(row) == len(CSV_COLUMNS)
        assert row[col["slug"]] == r["slug"]
        assert row[col["url"]] == BASE + f"bai/{r['slug']}/"
        assert row[col["locality_keys"]] == "; ".join(x["key"] for x in r["localities"])
        assert row[col["directive_keys"]] == "; ".join(d["key"] for d in r["directives"])


def test_data_page_explains_every_field(built_site):
    text = (built_site / "du-lieu" / "index.html").read_text("utf-8")
    for name, _ in RECORD_FIELDS:
        assert f"<code>{name}</code>" in text, name
    csv_part = text[text.index('id="cot-csv"'):]
    for name in CSV_COLUMNS:
        assert re.search(rf"<code>{name}</code></th><td>[^<]+</td>", csv_part), name  # with its meaning
    assert 'href="/records.json"' in text and 'href="/records.csv"' in text


def test_about_and_404(built_site):
    about = (built_site / "gioi-thieu" / "index.html").read_text("utf-8")
    site = yaml.safe_load((CONTENT / "site.yaml").read_text("utf-8"))
    first_words = " ".join(site["about"].split()[:8])
    assert first_words in " ".join(about.split())
    nf = (built_site / "404.html").read_text("utf-8")
    assert "Không tìm thấy trang" in nf and 'href="/"' in nf


# --- tile map and cross links -----------------------------------------------------------------------

def test_tile_map_has_63_linked_provinces(built_site):
    text = (built_site / "dia-phuong" / "index.html").read_text("utf-8")
    start = text.index('<svg class="tilemap"')
    svg = text[start: text.index("</svg>", start)]
    hrefs = re.findall(r'<a href="([^"]+)" class="tile">', svg)
    assert len(hrefs) == 63 and len(set(hrefs)) == 63
    for href in hrefs:
        assert (built_site / url_to_path(href)).is_file(), href
    # each tile link is named by its <title> ("Hà Nội: 3 bài") for assistive technology
    assert len(re.findall(r'class="tile"><title>[^<]+: \d+ bài</title>', svg)) == 63


@pytest.mark.parametrize("section", ["van-ban", "dia-phuong", "tac-gia", "nguon", "nam"])
def test_articles_link_back_to_every_taxonomy_page_listing_them(built_site, section):
    """Every page links to every taxonomy page it touches: an article listed on a directive,
    locality, author, outlet or year page links back to that page."""
    checked = 0
    for p in sorted((built_site / section).rglob("index.html")):
        rel = p.parent.relative_to(built_site).as_posix()
        if "/trang/" in f"/{rel}/" or rel == section:
            continue
        url = f"/{rel}/"
        h = head(built_site, url)
        for art in sorted({a["href"] for a in h.anchors if a["href"].startswith("/bai/")}):
            assert url in head(built_site, art).hrefs(), f"{art} does not link to {url}"
            checked += 1
    assert checked


# --- pagination -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paged_build(tmp_path_factory) -> Path:
    """The shipped content with two items per page (home and every list)."""
    from bantin.pipeline import BuildOptions, run_build

    tmp = tmp_path_factory.mktemp("paged")
    content = copy_content(tmp / "content")
    site_yaml = content / "site.yaml"
    data = yaml.safe_load(site_yaml.read_text("utf-8"))
    data.update(per_page=2, home_latest=2)
    site_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, quiet=True))
    assert report.error is None
    return out


def _chain(site: Path, first: str) -> list[str]:
    """Follow <link rel=next> from ``first``; check each page's rel=prev points back."""
    chain = [first]
    prev = None
    while True:
        h = head(site, chain[-1])
        prevs = [x["href"] for x in h.rel("prev")]
        assert prevs == ([prev] if prev else []), (chain[-1], prevs)
        nxt = [x["href"] for x in h.rel("next")]
        anchors_next = [a["href"] for a in h.anchors if a.get("rel") == "next"]
        assert anchors_next == nxt, chain[-1]
        if not nxt:
            return chain
        assert re.search(r"/trang/\d+/$", nxt[0]), nxt
        prev = chain[-1]
        chain.append(nxt[0])
        assert len(chain) < 100


def _articles_on(site: Path, url: str) -> list[str]:
    text = (site / url_to_path(url)).read_text("utf-8")
    return re.findall(r'<h3 class="item-title"><a href="(/bai/[^"]+)"', text)


def test_every_list_paginates_with_rel_prev_next(paged_build):
    site = paged_build
    records = json.loads((site / "records.json").read_text("utf-8"))
    lists = ["/"] + sorted(
        "/" + p.parent.relative_to(site).as_posix() + "/"
        for section in ("van-ban", "dia-phuong", "nam", "tac-gia", "nguon")
        for p in (site / section).rglob("index.html")
        if "trang" not in p.relative_to(site).parts and p.parent != site / section)
    multi = 0
    for first in lists:
        chain = _chain(site, first)
        seen = [a for url in chain for a in _articles_on(site, url)]
        assert len(seen) == len(set(seen)), first  # no article twice across the pages
        if first == "/":
            assert len(chain) == -(-len(records) // 2) and len(seen) == len(records)
        for n, url in enumerate(chain[1:], start=2):
            assert url == f"{first}trang/{n}/"
            text = (site / url_to_path(url)).read_text("utf-8")
            assert f"trang {n}" in text
        multi += len(chain) > 1
    assert multi >= 3  # home, and at least a directive or locality and a year
