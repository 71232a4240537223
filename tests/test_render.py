"""Rendering: page types, escaping, internal links, feeds, determinism, data files, HTML structure."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from bantin.catalog import build_catalog, url_to_path
from bantin.model import Record
from bantin.render import Page, csv_cell, json_for_script, pager, render_site
from test_catalog import XSS, make_data, make_records

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
GOLDEN = Path(__file__).resolve().parent / "golden"


def render(records=None, per_page=2) -> dict[str, bytes]:
    data = make_data(per_page=per_page)
    cat = build_catalog(make_records() if records is None else records, data)
    pages: dict[str, bytes] = {}
    for p in render_site(cat, data, TEMPLATES):
        assert isinstance(p, Page)
        assert p.path not in pages, f"page emitted twice: {p.path}"
        pages[p.path] = p.content
    return pages


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render()


def html_pages(site):
    return {p: c.decode("utf-8") for p, c in site.items() if p.endswith(".html")}


class Links(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.h1 = 0
        self.html_lang = None
        self.in_svg = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        for k in ("href", "src", "action"):
            if a.get(k):
                self.links.append(a[k])
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "svg":
            self.in_svg += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        if tag not in self.VOID and not self.in_svg:
            self.errors.append(f"self-closing non-void <{tag}/>")
        for k in ("href", "src"):
            if a.get(k):
                self.links.append(a[k])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "svg":
            self.in_svg -= 1


def parse(text: str) -> Links:
    p = Links()
    p.feed(text)
    p.close()
    return p


# --- page types -------------------------------------------------------------------------------------

EXPECTED = [
    "index.html", "trang/2/index.html", "404.html", "assets/site.css", "feed.xml", "sitemap.xml", "robots.txt",
    "records.json", "records.csv",
    "bai/xay-dung-hinh-anh/index.html",
    "van-ban/index.html", "van-ban/05-ct-tw/index.html", "van-ban/05-ct-tw/trang/2/index.html",
    "van-ban/05-ct-tw/feed.xml", "van-ban/34-ct-tu-da-nang/index.html", "van-ban/34-ct-tu-binh-duong/index.html",
    "dia-phuong/index.html", "dia-phuong/da-nang/index.html", "dia-phuong/da-nang/thanh-khe/index.html",
    "dia-phuong/da-nang/thanh-khe/thanh-khe-dong/index.html", "dia-phuong/da-nang/feed.xml",
    "dia-phuong/binh-duong/tan-uyen/index.html",
    "nam/index.html", "nam/2019/index.html", "luu-tru/index.html", "luu-tru/khong-ro-ngay/index.html",
    "tac-gia/index.html", "tac-gia/huong-ly/index.html", "nguon/index.html", "nguon/dcsvn-vn/index.html",
    "tim-kiem/index.html", "gioi-thieu/index.html", "du-lieu/index.html",
]


@pytest.mark.parametrize("path", EXPECTED)
def test_page_present(site, path):
    assert path in site


def test_every_article_has_a_page(site):
    for r in make_records():
        assert f"bai/{r.slug}/index.html" in site


def test_html_basics_on_every_page(site):
    for path, text in html_pages(site).items():
        assert text.startswith("<!DOCTYPE html>\n<html lang=\"vi\">"), path
        p = parse(text)
        assert p.html_lang == "vi"
        assert p.h1 == 1, f"{path}: {p.h1} h1"
        assert len(p.ids) == len(set(p.ids)), f"{path}: duplicate ids {sorted(p.ids)}"
        assert not p.errors, f"{path}: {p.errors[:5]}"
        assert not p.stack, f"{path}: unclosed {p.stack}"
        assert '<meta charset="utf-8">' in text and 'name="viewport"' in text
        assert "<main" in text and "<header" in text and "<footer" in text and "skip-link" in text


def test_no_external_resources(site):
    for path, text in html_pages(site).items():
        # the canonical URL is the only absolute link (og:url is a meta, not a link)
        text = re.sub(r'<link rel="canonical" href="https://example.org/bt/[^"]*">', "", text)
        for link in parse(text).links:
            if link.startswith(("http:", "https:", "//")):
                raise AssertionError(f"{path}: external link {link}")


def test_article_page_content(site):
    t = site["bai/xay-dung-hinh-anh/index.html"].decode()
    assert "<title>Xây dựng hình ảnh người cán bộ gần dân – Bản tin</title>" in t
    assert "Thứ Sáu, 24/5/2019" in t
    assert '<a href="/bt/tac-gia/huong-ly/">Hương Ly</a> thực hiện' in t
    assert 'href="/bt/van-ban/05-ct-tw/"' in t and 'href="/bt/van-ban/34-ct-tu-da-nang/"' in t
    assert 'href="/bt/dia-phuong/da-nang/thanh-khe/thanh-khe-dong/"' in t
    assert '<p class="lead"><strong>' in t and "<h2>Gần dân, hiểu dân</h2>" in t
    assert '<figure class="caption"><figcaption>Quang cảnh hội nghị' in t
    assert '<span class="qa-label">Hỏi:</span> <strong>Xin ông' in t
    assert 'rel="prev" href="/bt/bai/bai-2018/"' in t or '<link rel="prev" href="/bt/bai/bai-2018/">' in t
    assert '"@type":"NewsArticle"' in t
    assert '<link rel="canonical" href="https://example.org/bt/bai/xay-dung-hinh-anh/">' in t
    assert "Năm 2020" in site["bai/chi-mot-nam/index.html"].decode()
    assert "Không rõ ngày" in site["bai/khong-ro-ngay/index.html"].decode()
    assert "Không rõ nguồn" in site["bai/bai-co-ma-doc/index.html"].decode()


def test_directive_page(site):
    t = site["van-ban/05-ct-tw/index.html"].decode()
    assert "Bộ Chính trị" in t and "Đẩy mạnh học tập và làm theo" in t
    # its day of issue the Vietnamese way, weekday included (15/5/2016 was a Sunday)
    assert '<time datetime="2016-05-15">Chủ nhật, 15/5/2016</time>' in t
    assert 'href="/bt/van-ban/04-nq-tw/"' in t  # related directive
    assert t.count("<svg") == 2 and 'role="img"' in t and "<title id=" in t and "<desc id=" in t
    assert "<table>" in t  # the visible text alternative
    assert '<link rel="next" href="/bt/van-ban/05-ct-tw/trang/2/">' in t
    assert 'type="application/atom+xml"' in t and 'href="/bt/van-ban/05-ct-tw/feed.xml"' in t
    t2 = site["van-ban/05-ct-tw/trang/2/index.html"].decode()
    assert '<link rel="prev" href="/bt/van-ban/05-ct-tw/">' in t2
    local = site["van-ban/34-ct-tu-da-nang/index.html"].decode()
    assert '<a href="/bt/dia-phuong/da-nang/">Thành phố Đà Nẵng</a>' in local


def test_directive_catalog_grouped(site):
    t = site["van-ban/index.html"].decode()
    assert t.index("Nghị quyết") < t.index("Chỉ thị")
    assert t.index("Bộ Chính trị") < t.index("Quận ủy") < t.index("Thành ủy") < t.index("Tỉnh ủy")


def test_locality_pages(site):
    t = site["dia-phuong/da-nang/thanh-khe/thanh-khe-dong/index.html"].decode()
    bc = t[t.index('class="breadcrumb"'):t.index("</nav>", t.index('class="breadcrumb"'))]
    assert bc.index("/dia-phuong/da-nang/") < bc.index("/dia-phuong/da-nang/thanh-khe/")
    d = site["dia-phuong/da-nang/thanh-khe/index.html"].decode()
    assert "Phường Thanh Khê Đông" in d  # wards listed on the district page
    p = site["dia-phuong/da-nang/index.html"].decode()
    assert "Thành phố Đà Nẵng" in p and "sau sắp xếp năm 2025" in p
    assert 'href="/bt/van-ban/34-ct-tu-da-nang/"' in p
    assert "<svg" in p
    idx = site["dia-phuong/index.html"].decode()
    assert idx.index("Tỉnh Bình Dương") < idx.index("Thành phố Đà Nẵng") < idx.index("Thành phố Hà Nội")
    assert 'class="tilemap"' in idx and idx.count('<a href="/bt/dia-phuong/') >= 4
    tilemap = idx[idx.index('<svg class="tilemap"'):idx.index("</svg>", idx.index('<svg class="tilemap"'))]
    assert tilemap.count("<rect") == 63
    # every province the catalog knows (here the fake gazetteer's four) is a linked tile
    assert tilemap.count('<a href="/bt/dia-phuong/') == 4
    assert 'href="/bt/dia-phuong/ha-noi/"' in tilemap  # a province without articles still has its page


def test_year_and_archive(site):
    y = site["nam/2019/index.html"].decode()
    assert y.index('id="thang-6"') < y.index('id="thang-5"')
    a = site["luu-tru/index.html"].decode()
    assert 'href="/bt/nam/2020/#thang-4"' in a and 'href="/bt/luu-tru/khong-ro-ngay/"' in a
    assert a.index("Năm 2020") < a.index("Năm 2019") < a.index("Năm 2018")


def test_authors_in_vietnamese_order(site):
    t = site["tac-gia/index.html"].decode()
    assert t.index("Dương") < t.index("Đào Hà") < t.index("Hương Ly")


# --- escaping ---------------------------------------------------------------------------------------

def test_markup_is_escaped_everywhere(site):
    raw = ["<script>alert(1)</script>", "<script>alert(2)</script>", "<b>\"Minh\"</b>", "<i>in nghiêng</i>",
           "<em>"]
    for path, content in site.items():
        text = content.decode("utf-8")
        for r in raw:
            assert r not in text, f"{path} holds unescaped {r!r}"
    art = site["bai/bai-co-ma-doc/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in art
    assert art.count("<script") == 1  # only the JSON-LD block
    assert "\\u003cscript\\u003ealert(1)" in art
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site["feed.xml"].decode()
    assert "Dương &lt;b&gt;" in site["tac-gia/index.html"].decode()


def test_records_json_is_escaped_and_lossless(site):
    text = site["records.json"].decode()
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert [d["slug"] for d in data] == sorted(r.slug for r in make_records())
    assert next(d for d in data if d["slug"] == "bai-co-ma-doc")["title"] == XSS


def test_json_for_script():
    s = str(json_for_script({"a": "</script><!--&\u2028"}))
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!--&\u2028"}


# --- CSV ----------------------------------------------------------------------------------------------

def test_csv_rows_and_injection(site):
    rows = list(csv.reader(io.StringIO(site["records.csv"].decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(make_records())
    by_slug = {r[header.index("slug")]: dict(zip(header, r)) for r in body}
    assert by_slug["chi-mot-nam"]["byline"] == "'=HYPERLINK(\"http://evil\")"
    assert by_slug["chi-mot-nam"]["body"].startswith("'+cmd")
    assert by_slug["khong-ro-ngay"]["body"] == "'@SUM(1+1)"
    assert by_slug["xay-dung-hinh-anh"]["directive_keys"] == "05-CT/TW; 34-CT/TU@da-nang"
    # no live markup in any cell; html.unescape gives the exact text back
    assert "<" not in by_slug["bai-co-ma-doc"]["title"]
    assert html.unescape(by_slug["bai-co-ma-doc"]["title"]) == XSS
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("value,want", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), (None, ""), (2019, "2019"),
                                        ("<b>&", "&lt;b&gt;&amp;"), ("=<x>", "'=&lt;x&gt;")])
def test_csv_cell(value, want):
    assert csv_cell(value) == want


# --- links --------------------------------------------------------------------------------------------

def test_every_internal_link_resolves(site):
    ids_by_path = {p: set(parse(t).ids) for p, t in html_pages(site).items()}
    missing = []
    for path, text in html_pages(site).items():
        for link in parse(text).links:
            if not link.startswith("/") or link.startswith("//"):
                continue
            # every link from the root is under the site's path (base_url "https://example.org/bt/")
            assert link.startswith("/bt/"), (path, link)
            target = url_to_path(link[len("/bt"):])
            if target not in site:
                missing.append((path, link))
            elif "#" in link and link.split("#", 1)[1] not in ids_by_path.get(target, set()):
                missing.append((path, link))
    assert not missing, missing[:20]


def test_feed_and_sitemap_links_resolve(site):
    base = "https://example.org/bt/"
    locs = re.findall(r"<loc>([^<]+)</loc>", site["sitemap.xml"].decode())
    assert locs == sorted(locs) and locs
    for loc in locs:
        assert loc.startswith(base)
        assert url_to_path("/" + loc[len(base):]) in site
    assert "404" not in site["sitemap.xml"].decode()
    assert "Sitemap: https://example.org/bt/sitemap.xml" in site["robots.txt"].decode()


def test_a_sitemap_over_the_protocol_limit_becomes_an_index_of_parts(monkeypatch, site):
    import bantin.render as render_module

    monkeypatch.setattr(render_module, "SITEMAP_MAX_URLS", 7)
    split = render()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    import xml.etree.ElementTree as ET

    index = ET.fromstring(split["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    whole = re.findall(r"<loc>([^<]+)</loc>", site["sitemap.xml"].decode())
    assert parts == [f"https://example.org/bt/sitemap-{n}.xml" for n in range(1, -(-len(whole) // 7) + 1)]
    # the parts, in order, list exactly what the single file lists, at most 7 URLs each
    listed = []
    for url in parts:
        urls = ET.fromstring(split[url.rsplit("/", 1)[1]]).findall("s:url", ns)
        assert 0 < len(urls) <= 7
        listed += [u.find("s:loc", ns).text for u in urls]
    assert listed == whole
    assert "Sitemap: https://example.org/bt/sitemap.xml" in split["robots.txt"].decode()
    assert "sitemap-1.xml" not in site   # under the limit: one file, as before


def test_taxonomy_pages_link_back(site):
    """Every page links to every taxonomy page it touches (spot checks)."""
    t = site["bai/nang-cao-vai-tro-neu-guong/index.html"].decode()
    for href in ("/van-ban/02-ct-qu-ho-chi-minh-quan-10/", "/van-ban/05-ct-tw/", "/van-ban/04-nq-tw/",
                 "/dia-phuong/ho-chi-minh/", "/dia-phuong/ho-chi-minh/quan-10/", "/nam/2019/",
                 "/tac-gia/long-ho/", "/nguon/thanhuytphcm-vn/"):
        assert f'href="/bt{href}"' in t, href   # (the sample site is served under /bt/: its base_url)


# --- feeds --------------------------------------------------------------------------------------------

def test_feeds_parse(site):
    feeds = [p for p in site if p.endswith("feed.xml")]
    assert len(feeds) >= 10
    for path in feeds:
        f = feedparser.parse(site[path])
        assert not f.bozo, (path, f.get("bozo_exception"))
        assert f.feed.title and f.entries
    main = feedparser.parse(site["feed.xml"])
    assert len(main.entries) == 6
    assert main.entries[0].title == XSS
    assert main.entries[0].link == "https://example.org/bt/bai/bai-co-ma-doc/"
    assert main.feed.updated == "2020-04-09T00:00:00+07:00"  # the newest article, not the build time
    d = feedparser.parse(site["van-ban/05-ct-tw/feed.xml"])
    assert {e.link.rsplit("/", 2)[-2] for e in d.entries} == {
        "bai-co-ma-doc", "nang-cao-vai-tro-neu-guong", "xay-dung-hinh-anh", "bai-2018"}
    assert d.feed.updated == "2020-04-09T00:00:00+07:00"
    loc = feedparser.parse(site["dia-phuong/da-nang/feed.xml"])
    assert len(loc.entries) == 3
    assert loc.feed.updated == "2019-05-24T09:47:00+07:00"


# --- determinism --------------------------------------------------------------------------------------

def test_render_is_deterministic(site):
    again = render()
    assert list(again) == list(site)
    assert again == site
    shuffled = render(list(reversed(make_records())))
    assert shuffled == site


def test_pager_window():
    p = pager("/x/", 10, 40)
    nums = [i.get("number") for i in p["links"]]
    assert nums == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert p["prev_url"] == "/x/trang/9/" and p["next_url"] == "/x/trang/11/"
    assert pager("/x/", 1, 1)["prev_url"] is None


def many_records(n: int) -> list[Record]:
    base = make_records()
    recs = []
    for i in range(n):
        r = base[i % len(base)]
        y = 2015 + i % 8
        recs.append(Record(path=f"x/{i}.txt", slug=f"bai-{i}", title=f"Bài {i}", date=f"{y}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           year=y, outlet=r.outlet, byline=r.byline, localities=r.localities,
                           directives=r.directives, blocks=r.blocks))
    return recs


def render_count(recs: list[Record]) -> int:
    """Pages rendered for ``recs`` (their speed is measured in bench/, not here)."""
    data = make_data(per_page=20)
    cat = build_catalog(recs, data)
    return sum(1 for _ in render_site(cat, data, TEMPLATES))


def test_render_many_records():
    assert render_count(many_records(1500)) > 1500


@pytest.mark.slow
def test_render_10000_records():
    assert render_count(many_records(10_000)) > 10_000


def test_malformed_dates_do_not_break_the_site():
    recs = make_records()
    recs[0].date, recs[0].time = "2019-02-30", "25:99"   # impossible day and time
    recs[1].date = "24/5/2019"                         # not ISO
    recs[2].year = None
    pages = render(recs)
    t = pages["bai/xay-dung-hinh-anh/index.html"].decode()
    assert "Năm 2019" in t                             # falls back to the year
    assert not feedparser.parse(pages["feed.xml"]).bozo


# --- golden -------------------------------------------------------------------------------------------

def test_article_page_matches_golden(site):
    """Snapshot of one article page. Regenerate with BANTIN_UPDATE_GOLDEN=1 after a deliberate change."""
    path = GOLDEN / "bai-xay-dung-hinh-anh.html"
    got = site["bai/xay-dung-hinh-anh/index.html"]
    if os.environ.get("BANTIN_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(got)
    assert got == path.read_bytes()


# --- browser ------------------------------------------------------------------------------------------
# Pages at phone width (every page of this rendered site, hostile titles and pagers included):
# tests/browser/test_site_browser.py, which shares the session's chromium.

# The Nu HTML Checker runs in tests/test_validation.py (vnu-jar from tests/tools, every page, CI).


# --- the quicker autoescape ---------------------------------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

from markupsafe import Markup, escape  # noqa: E402

from bantin.render import environment, fast_escape  # noqa: E402


@given(st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=False)))
def test_fast_escape_equals_markupsafe(value):
    out = fast_escape(value)
    assert out == escape(value) and type(out) is Markup


def test_templates_autoescape_through_fast_escape():
    env = environment(TEMPLATES)
    assert "escape = environment.output_escape" in env.compile("{{ a }}", raw=True)
    assert env.from_string("{{ a }}|{{ b }}").render(a="<b>&\"'", b=Markup("<i>")) == "&lt;b&gt;&amp;&#34;&#39;|<i>"


@given(st.lists(st.integers(0, 9)), st.lists(st.integers(0, 9)), st.integers(0, 25))
def test_merge_split_agrees_with_a_merge(a, b, k):
    """The split of each sitemap part: what the first k of ``heapq.merge`` take of each list."""
    import heapq

    from bantin.render import merge_split

    a, b = sorted((x, "a") for x in a), sorted((x, "b") for x in b)
    first = list(heapq.merge(a, b, key=lambda e: e[0]))[:k]
    assert merge_split(a, lambda e: e[0], b, lambda e: e[0], k) == (
        sum(1 for e in first if e[1] == "a"), sum(1 for e in first if e[1] == "b"))


@given(st.text(), st.text(), st.lists(st.text(max_size=30), max_size=4))
def test_json_line_is_the_record_escaped(title, lead, paragraphs):
    """A records.json row (orjson) reads back as ``Record.to_dict`` and carries no raw markup
    character or line separator, whatever the text."""
    from dataclasses import replace

    from bantin.model import Block, PackedBlocks
    from bantin.render import _json_line

    base = make_records()[0]
    blocks = [Block("lead", lead)] + [Block("paragraph", p) for p in paragraphs]
    for rec in (replace(base, title=title, blocks=blocks), replace(base, title=title, blocks=PackedBlocks(blocks))):
        line = _json_line(rec)
        text = line.decode("utf-8")
        assert not any(c in text for c in "<>&\u2028\u2029") and "\n" not in text
        assert json.loads(text) == json.loads(json.dumps(rec.to_dict()))


def test_json_line_falls_back_to_the_standard_encoder():
    from dataclasses import replace

    from bantin.render import _json_line

    rec = replace(make_records()[0], year=10**20)   # past orjson's 64 bits
    assert json.loads(_json_line(rec))["year"] == 10**20


def test_feeds_are_the_same_when_few_entries_are_kept(site, monkeypatch):
    """The feeds' entry cache is bounded (``feeds.ENTRIES_KEPT``): emptied whenever it fills, it
    makes entries again, never other ones."""
    from bantin import feeds

    monkeypatch.setattr(feeds, "ENTRIES_KEPT", 1)
    monkeypatch.setattr(feeds, "_cache", None)
    again = render()
    names = [p for p in site if p.endswith("feed.xml")]
    assert len(names) > 3
    assert {p: again[p] for p in names} == {p: site[p] for p in names}


def test_a_second_build_in_the_same_process_lists_its_own_articles(tmp_path):
    """Jinja keeps an imported template's module (_macros.html) with the globals it was made
    with: the renderer's own methods there served every later build in the process, and the
    second of two builds listed the first one's items (its home page showed an old lead)."""
    from bantin.pipeline import Builder, BuildOptions
    from support import copy_content

    first, second = copy_content(tmp_path / "a"), copy_content(tmp_path / "b")
    article = sorted((second / "articles").glob("*.txt"))[2]
    lines = article.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if len(line) > 100)   # the lead
    lines[i] = "ĐOẠN MỞ ĐẦU ĐÃ SỬA. " + lines[i]
    article.write_text("\n".join(lines), encoding="utf-8")
    for content in (first, second):
        out = tmp_path / f"out-{content.name}" / "public"
        Builder(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, quiet=True)).build()
    home = (tmp_path / "out-b" / "public" / "index.html").read_text(encoding="utf-8")
    assert "ĐOẠN MỞ ĐẦU ĐÃ SỬA" in home
    assert "ĐOẠN MỞ ĐẦU ĐÃ SỬA" not in (tmp_path / "out-a" / "public" / "index.html").read_text(encoding="utf-8")



def test_undated_articles_have_no_prev_next(site):
    """The article pages link older and newer along the dated articles only (see the catalog)."""
    for slug in ("chi-mot-nam", "khong-ro-ngay"):
        page = site[f"bai/{slug}/index.html"].decode()
        assert 'class="prev-next"' not in page and 'rel="prev"' not in page and 'rel="next"' not in page
    page = site["bai/bai-co-ma-doc/index.html"].decode()
    assert 'href="/bt/bai/nang-cao-vai-tro-neu-guong/" rel="prev"' in page or \
        re.search(r'href="[^"]*nang-cao-vai-tro-neu-guong/" rel="prev"', page), page
    assert "chi-mot-nam" not in page.split('class="prev-next"')[1].split("</nav>")[0]


def test_an_undated_article_links_to_the_list_of_undated_articles(site):
    """Its date line names the list it is in, as a dated page's names its year (SPEC: every page
    links to every taxonomy page it touches)."""
    page = site["bai/khong-ro-ngay/index.html"].decode()
    assert re.search(r'<a href="[^"]*/luu-tru/khong-ro-ngay/">Không rõ ngày</a>', page), page
    page = site["bai/chi-mot-nam/index.html"].decode()
    assert "/luu-tru/khong-ro-ngay/" not in page.split("<main")[1].split("</main>")[0]


def test_article_page_shows_its_time(site):
    """A record's time (front matter "time: 09:47", a dateline's) is shown the Vietnamese way
    after the date, and the <time> element's datetime carries it at UTC+7, as the feeds do."""
    t = site["bai/xay-dung-hinh-anh/index.html"].decode()
    assert '<time datetime="2019-05-24T09:47+07:00">Thứ Sáu, 24/5/2019, 09:47</time>' in t
    t = site["bai/nang-cao-vai-tro-neu-guong/index.html"].decode()
    assert '<time datetime="2019-06-07">Thứ Sáu, 7/6/2019</time>' in t
