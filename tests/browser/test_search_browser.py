"""The search page in Debian's chromium against the built site served on 127.0.0.1.

Typed queries find the shipped seeds (identified by their file names in records.json), a province
filter narrows the results, the URL carries the search, the "search within" boxes work, the page
fits a phone, works from the keyboard, and says plainly that it needs JavaScript when it is off.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from bantin.search import normalize_query
from bantin.text import fold

pytestmark = pytest.mark.browser

TOP = 5   # "among the top results"

CASES = [
    ("chi thi 05", ["001", "002", "000"]),
    ("da nang", ["004"]),
    ("hoa vang", ["004"]),
    ("05 ct tw", ["001", "002"]),
    ("nghi quyet 16", ["003"]),
    ("Tan Uyen", ["002"]),
    # the same, typed other ways
    ("Hoà Vang", ["004"]),
    ("Hòa Vang", ["004"]),
    ("Đà Nẵng", ["004"]),
    ("ct/tw 05", ["001", "002"]),
    ("05-CT/TW", ["001", "002"]),
    ("chỉ thị 05", ["001", "002", "000"]),
    ("nghi quyet 16 nq tu", ["003"]),
]


@pytest.fixture(scope="module")
def seeds(built_site: Path) -> dict[str, str]:
    """Seed number ("000") -> article URL, from records.json."""
    records = json.loads((built_site / "records.json").read_text(encoding="utf-8"))
    out = {}
    for r in records:
        m = re.match(r"(?:.*/)?(\d{3})_", r["path"])
        if m:
            out[m.group(1)] = f"/bai/{r['slug']}/"
    assert {"000", "001", "002", "003", "004"} <= set(out)
    return out


def open_search(page, base: str, query: str = "") -> None:
    page.goto(base + "/tim-kiem/" + query)
    page.wait_for_selector("html[data-search-ready]", timeout=15000)


def wait_results(page) -> None:
    page.wait_for_function(
        "() => /Tìm thấy|Không tìm thấy/.test(document.getElementById('search-status').textContent)",
        timeout=15000)


def result_urls(page) -> list[str]:
    return page.eval_on_selector_all("#search-results > li h3 a", "els => els.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("query,expected", CASES)
def test_typed_query_finds_seeds(browser_page, site_server, seeds, query, expected):
    page = browser_page
    open_search(page, site_server)
    page.click("#q")
    page.keyboard.type(query)
    wait_results(page)
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
    urls = result_urls(page)
    top = urls[:TOP]
    for seed in expected:
        assert seeds[seed] in top, (query, seed, urls)
    status = page.inner_text("#search-status")
    assert status == f"Tìm thấy {len(urls) if len(urls) < 10 else status.split()[2]} kết quả"
    # every result shows title, a meta line and an excerpt; hits are marked
    first = page.locator("#search-results > li").first
    assert first.locator("h3 a").inner_text().strip()
    assert first.locator(".excerpt").inner_text().strip()
    if fold(query) != "da nang":   # seed 004 is about Đà Nẵng through its wards: the name is not in it
        assert page.locator("#search-results mark").count() >= 1
    assert not page.errors  # type: ignore[attr-defined]


PARITY = ["chi thi 05", "Chỉ thị số 05", "CHỈ THỊ SỐ 5", "05-CT/TW", "05 CT TW", "ct/tw 05", "CT TW 05",
          "05-CT/TƯ", "nghi quyet 16", "nghị quyết 16 nq tu", "nghi quyet 16-NQ/TU", "27/CT-TTg",
          "54/2017/NQ-QH", "quy định 102", "102-QĐ/TW", "01-CT/ĐUK", "Đà Nẵng", "Hoà Vang", "Hòa Vang",
          "học tập chỉ thị 05 Tân Uyên", "năm 2019", "", "<script>", "nq 16", "16 nq", "ct 5 abc"]


def test_query_normalisation_matches_python(browser_page, site_server):
    """search.js folds and rewrites queries exactly as bantin.search.normalize_query."""
    page = browser_page
    open_search(page, site_server)
    got = page.evaluate("""async (qs) => {
        const m = await import('/assets/search.js');
        return qs.map(q => m.normalizeQuery(q).text);
    }""", PARITY)
    assert got == [normalize_query(q) for q in PARITY]


def test_province_filter(browser_page, site_server, seeds):
    """Checking "Đà Nẵng" under the province facet leaves only seed 004, and the URL says so."""
    page = browser_page
    open_search(page, site_server, "?q=" + quote("cán bộ"))
    wait_results(page)
    assert len(result_urls(page)) > 1
    page.click("#facets-box > summary")
    box = page.locator('#facets fieldset[data-key="tinh"] input[value="Đà Nẵng"]')
    box.check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('tinh') === 'Đà Nẵng'")
    page.wait_for_function("""() => document.querySelectorAll('#search-results > li').length === 1""")
    assert result_urls(page) == [seeds["004"]]
    assert page.inner_text("#search-status") == "Tìm thấy 1 kết quả"
    # the count beside the value, and the active-filter button that removes it
    label = page.locator('#facets fieldset[data-key="tinh"] label', has_text="Đà Nẵng").inner_text()
    assert "(1)" in label
    page.locator("#active-filters button").first.click()
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length > 1")
    assert "tinh" not in parse_qs(urlparse(page.url).query)


def test_link_with_filter_only(browser_page, site_server, seeds):
    """A shared link: the filter alone (no words) lists that province's articles."""
    page = browser_page
    open_search(page, site_server, "?tinh=" + quote("Đà Nẵng"))
    wait_results(page)
    assert result_urls(page) == [seeds["004"]]
    assert page.locator('#facets input[name="tinh"][value="Đà Nẵng"]').is_checked()


def test_search_within_boxes(browser_page, site_server, seeds):
    page = browser_page
    # locality page (a district: the dia_phuong filter), then a directive page
    page.goto(site_server + "/dia-phuong/da-nang/hoa-vang/")
    page.fill("#tim-trong", "chi thi")
    page.press("#tim-trong", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?"))
    page.wait_for_selector("html[data-search-ready]")
    wait_results(page)
    assert result_urls(page) == [seeds["004"]]
    assert parse_qs(urlparse(page.url).query)["dia_phuong"] == ["Huyện Hòa Vang, Thành phố Đà Nẵng"]
    page.goto(site_server + "/van-ban/05-ct-tw/")
    page.fill("#tim-trong", "")
    page.press("#tim-trong", "Enter")
    page.wait_for_selector("html[data-search-ready]")
    wait_results(page)
    assert sorted(result_urls(page)) == sorted(seeds[s] for s in ("000", "001", "002"))


@pytest.mark.parametrize("browser_page", [{"width": 390, "height": 844}], indirect=True)
def test_phone_width(browser_page, site_server):
    page = browser_page
    open_search(page, site_server, "?q=" + quote("chi thi 05"))
    wait_results(page)
    page.click("#facets-box > summary")
    page.click('#facets fieldset[data-key="van_ban"] .more', timeout=2000) if page.locator(
        '#facets fieldset[data-key="van_ban"] .more:visible').count() else None
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    box = page.locator("#q").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_keyboard_only(browser_page, site_server, seeds):
    """Tab to the box, type, Enter; Tab reaches the filters and the results; Space checks a filter."""
    page = browser_page
    open_search(page, site_server)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("hoa vang")
    page.keyboard.press("Enter")
    wait_results(page)
    assert result_urls(page)[:1] == [seeds["004"]]
    # on to the filters: the summary opens with Enter, a checkbox toggles with Space
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
            break
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    page.wait_for_function("() => [...new URLSearchParams(location.search).keys()].some(k => k !== 'q')")
    wait_results(page)
    # focus stays on the checkbox after the results update
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.getAttribute('href')")
        if href and href.startswith("/bai/"):
            break
    else:
        pytest.fail("no result link reachable with Tab")


@pytest.mark.parametrize("browser_page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript(browser_page, site_server):
    page = browser_page
    page.goto(site_server + "/tim-kiem/")
    body = page.inner_text("main")
    assert "Tìm kiếm cần JavaScript." in body
    for href in ("/van-ban/", "/dia-phuong/", "/luu-tru/", "/tac-gia/", "/nguon/"):
        assert page.locator(f'main a[href="{href}"]').first.is_visible()
    assert not page.locator("#q").is_visible()


AXE = Path(__file__).resolve().parents[2] / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"


def test_axe_on_search_page_with_results(browser_page, site_server):
    """axe-core finds no serious or critical violation with results shown and the filters open."""
    if not AXE.is_file():
        pytest.skip("axe-core missing (bash .ci/install runs npm ci --prefix tests/tools)")
    page = browser_page
    open_search(page, site_server, "?q=" + quote("chi thi 05"))
    wait_results(page)
    page.click("#facets-box > summary")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, bad
