"""End to end: the shipped content builds into a complete site (issue 2's acceptance points)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from support import SHARED, TEMPLATES, copy_content

GOLD = SHARED / "spec" / "seeds-gold.yaml"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(a[name])


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file an internal link points to, or None for an external one."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    if path.endswith("/"):
        target = target / "index.html"
    return target


def test_every_page_has_lang_vi_and_every_internal_link_resolves(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    broken = []
    for page in pages:
        p = parse(page)
        assert p.lang == "vi", page
        for link in p.links:
            target = resolve(built_site, page, link)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
    assert not broken, broken[:20]


def _records(site: Path) -> list[dict]:
    return json.loads((site / "records.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/spec/seeds-gold.yaml is not beside the project")
def test_a_page_per_article_directive_locality_and_year(built_site):
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    records = _records(built_site)
    assert len(records) == 5
    for r in records:
        assert (built_site / "bai" / r["slug"] / "index.html").is_file()
    # one page per directive key: 11 for the seeds
    keys = {d["key"] for r in records for d in r["directives"]}
    assert len(keys) == 11
    directive_pages = [p for p in (built_site / "van-ban").glob("*/index.html")]
    assert len(directive_pages) == 11
    texts = "\n".join(p.read_text(encoding="utf-8") for p in directive_pages)
    for k in keys:
        assert k.split("@")[0] in texts, k
    # provinces and districts of the gold
    for g in gold.values():
        for prov in g["provinces"]:
            assert (built_site / "dia-phuong" / prov / "index.html").is_file(), prov
        for dist in g["districts"]:
            assert (built_site / "dia-phuong" / dist / "index.html").is_file(), dist
        year = g["year"]
        assert (built_site / "nam" / str(year) / "index.html").is_file()
    for catalog in ("index.html", "van-ban/index.html", "dia-phuong/index.html", "nam/index.html"):
        assert (built_site / catalog).is_file(), catalog


def test_article_page_shows_vietnamese_date_and_links(built_site):
    rec = next(r for r in _records(built_site) if r["path"].startswith("001_"))
    html = (built_site / "bai" / rec["slug"] / "index.html").read_text(encoding="utf-8")
    assert "Thứ Sáu, 24/5/2019" in html
    assert "Hương Ly" in html
    assert 'href="/dia-phuong/ha-noi/"' in html
    assert re.search(r'href="/van-ban/05-ct-tw/"', html)


def test_new_article_appears_everywhere_without_code_change(tmp_path):
    """Issue 2, point 4: a new directive and a new locality, found by data and rules alone."""
    from bantin.pipeline import BuildOptions, run_build

    content = copy_content(tmp_path / "content")
    (content / "articles" / "moi.txt").write_text(
        "Thứ Hai, 15/3/2021\n\n"
        "Tỉnh ủy Nghệ An sơ kết Chỉ thị số 12-CT/TU\n\n"
        "(ĐCSVN) - Sáng 15/3, Tỉnh ủy Nghệ An tổ chức hội nghị sơ kết 2 năm thực hiện Chỉ thị số 12-CT/TU "
        "của Ban Thường vụ Tỉnh ủy về tăng cường công tác dân vận tại huyện Quỳnh Lưu.\n\n"
        "Đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tiếp tục thực hiện Chỉ thị số 12-CT/TU trong năm 2021.\n\n"
        "Hồng Nhung\n", encoding="utf-8")
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False))
    rec = next(r for r in _records(out) if r["path"] == "moi.txt")
    assert rec["date"] == "2021-03-15"
    assert "nghe-an" in {loc["province_key"] for loc in rec["localities"]}
    assert "12-CT/TU@nghe-an" in {d["key"] for d in rec["directives"]}
    page = f'href="/bai/{rec["slug"]}/"'
    # the new directive's page, the new locality's page, the year page and the home page list it
    directive_page = next(p for p in (out / "van-ban").glob("*/index.html") if "12-CT/TU" in p.read_text("utf-8"))
    assert page in directive_page.read_text("utf-8")
    assert page in (out / "dia-phuong" / "nghe-an" / "index.html").read_text("utf-8")
    assert page in (out / "nam" / "2021" / "index.html").read_text("utf-8")
    assert page in (out / "index.html").read_text("utf-8")
    assert report.articles == 6


def test_identical_input_gives_identical_output(tmp_path):
    """Two clean builds of the same content are byte-identical (no timestamps, stable orders)."""
    from bantin.pipeline import Builder, BuildOptions

    from support import CONTENT

    trees = []
    for name in ("a", "b"):
        out = tmp_path / name / "public"
        Builder(BuildOptions(content=CONTENT, templates=TEMPLATES, output=out, clean=True, search=True),
                cache_dir=tmp_path / name / "cache").build()
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert sorted(trees[0]) == sorted(trees[1])
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []
