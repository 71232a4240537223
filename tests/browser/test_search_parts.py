"""The search page over an index cut in parts (``search_shard_size``) answers as over one index.

The shipped seeds are built twice: as shipped (one part) and with parts of nominal size 3 (three
parts). The same searches on both sites give the same results (filter-only listings in the same
order: newest first, across parts) and the same filter counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from support import TEMPLATES, copy_content, set_site_option

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory) -> Path:
    from bantin.pipeline import BuildOptions, run_build

    root = tmp_path_factory.mktemp("parts")
    content = copy_content(root / "content")
    set_site_option(content, "search_shard_size", 3)
    out = root / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=True))
    assert report.error is None
    return out


@pytest.fixture(scope="module")
def servers(site_server: str, parts_site: Path, folder_server) -> list[str]:
    return [site_server, folder_server(parts_site)]


def answer(page, base: str, query: str) -> tuple[list[str], dict[str, dict[str, int]]]:
    """The result URLs (in order) and every facet's counts the search page shows for ``query``."""
    page.goto(base + "/tim-kiem/" + query)
    page.wait_for_selector("html[data-search-ready]", timeout=15000)
    if query:
        page.wait_for_function(
            "() => /Tìm thấy|Không tìm thấy/.test(document.getElementById('search-status').textContent)",
            timeout=15000)
    urls = page.eval_on_selector_all("#search-results > li h3 a", "els => els.map(a => a.getAttribute('href'))")
    labels = page.evaluate("""() => [...document.querySelectorAll('#facets fieldset')].map(fs =>
        [fs.dataset.key, [...fs.querySelectorAll('label')].map(l => l.textContent)])""")
    counts: dict[str, dict[str, int]] = {}
    for key, texts in labels:
        for text in texts:
            m = re.fullmatch(r"(.*) \((\d+)\)", text.strip())
            assert m, text
            counts.setdefault(key, {})[m.group(1)] = int(m.group(2))
    assert not page.errors  # type: ignore[attr-defined]
    return urls, counts


def test_index_in_parts(parts_site: Path, built_site: Path):
    parts = json.loads((parts_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]
    assert len(parts) == 3
    for p in parts:
        assert (parts_site / p.strip("/") / "pagefind.js").is_file()
    one = json.loads((built_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]
    assert one == ["/pagefind/"]


def test_same_answers_in_parts(browser_page, servers, built_site: Path):
    single, parted = servers
    dates = {f"/bai/{r['slug']}/": r["date"] or ""
             for r in json.loads((built_site / "records.json").read_text(encoding="utf-8"))}
    # the facet counts with nothing asked: every value of every filter, added up over the parts
    _, totals = answer(browser_page, single, "")
    assert answer(browser_page, parted, "")[1] == totals
    assert sum(totals["nam"].values()) == len(dates)
    # words: the same articles (the order is by score, which each part computes for itself)
    # (in a part without one of the words, Pagefind answers loosely: such a part is left out)
    for q in ("chi thi 05", "Đà Nẵng", "cán bộ", "05-CT/TW", "nghi quyet 16", "hoa vang", "Tan Uyen",
              "học tập", "cán bộ đảng viên", "ct 34"):
        query = "?q=" + quote(q)
        urls, counts = answer(browser_page, single, query)
        urls2, counts2 = answer(browser_page, parted, query)
        assert urls and sorted(urls2) == sorted(urls), q
        assert counts2 == counts, q
    # words no article holds together: each part's loose answer (as one index gives its own)
    urls2, _ = answer(browser_page, parted, "?q=" + quote("không có từ này xyzw"))
    assert browser_page.inner_text("#search-status")
    # filters only: listed newest first across the parts, the same list
    for key, values in totals.items():
        for value, n in values.items():
            if n < 2:
                continue
            query = f"?{key}=" + quote(value)
            urls, counts = answer(browser_page, single, query)
            urls2, counts2 = answer(browser_page, parted, query)
            assert len(urls) == n
            assert [dates[u] for u in urls2] == sorted((dates[u] for u in urls), reverse=True), query
            assert sorted(urls2) == sorted(urls) and counts2 == counts, query


def test_merging_helpers(browser_page, site_server):
    page = browser_page
    page.goto(site_server + "/tim-kiem/")
    page.wait_for_selector("html[data-search-ready]", timeout=15000)
    got = page.evaluate("""async () => {
        const m = await import('/assets/search.js');
        const text = "Thực hiện Chỉ thị 05-CT/TW tại Đà Nẵng";
        const ids = (lists, byScore) => m.mergeResults(lists, byScore).map((r) => r.id);
        const lists = [[{id: "a", score: 1}, {id: "b", score: 3}], [{id: "c", score: 2}]];
        return {
            holds: [["chi", "thi"], ["05cttw"], ["05ct"], ["da", "nang"], ["nan"], ["xyz"], ["thi", "xyz"]]
                .map((w) => m.holdsAll(text, w)),
            counts: m.addCounts([{nam: {"2019": 1}}, {nam: {"2019": 2, "2020": 1}, tinh: {"Huế": 3}}, {}]),
            byScore: ids(lists, true), byPart: ids(lists, false),
        };
    }""")
    assert got["holds"] == [True, True, True, True, True, False, False]
    assert got["counts"] == {"nam": {"2019": 3, "2020": 1}, "tinh": {"Huế": 3}}
    assert got["byScore"] == ["b", "c", "a"] and got["byPart"] == ["a", "b", "c"]


def test_an_archive_with_no_article_has_a_working_search_page(tmp_path, folder_server, browser_page):
    """No article, so no part (Pagefind makes no index of nothing): the build succeeds and the
    search page answers that nothing was found, without an error."""
    from bantin.pipeline import BuildOptions, run_build

    content = copy_content(tmp_path / "content")
    for f in (content / "articles").iterdir():
        f.unlink()
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=True, quiet=True))
    assert report.error is None and report.articles == 0
    assert json.loads((out / "pagefind" / "shards.json").read_text()) == {"parts": []}
    urls, counts = answer(browser_page, folder_server(out), "?q=" + quote("chỉ thị"))
    assert urls == [] and counts == {}
    assert "Không tìm thấy" in browser_page.text_content("#search-status")
