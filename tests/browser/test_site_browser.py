"""Quality bars in a real browser (Debian's chromium through Playwright) on the shipped site.

- axe-core (npm, tests/tools) finds no serious or critical violation on the home page, an article,
  a directive, a locality and a year page;
- a reader at phone width (390 px) and at desktop width (1280 px) follows links home -> a directive ->
  an article -> a locality; screenshots of each step go to the test's temporary folder;
- no page of any type scrolls sideways at 390 px.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sample_pages(site: Path) -> dict[str, str]:
    """One URL per page type of the built site."""
    def first(pattern: str) -> str:
        hits = sorted(site.glob(pattern))
        assert hits, f"no {pattern} in the built site"
        return "/" + hits[0].parent.relative_to(site).as_posix() + "/"

    pages = {
        "home": "/", "article": first("bai/*/index.html"),
        "directives": "/van-ban/", "directive": first("van-ban/*/index.html"),
        "localities": "/dia-phuong/", "province": first("dia-phuong/*/index.html"),
        "district": first("dia-phuong/*/*/index.html"),
        "archive": "/luu-tru/", "years": "/nam/", "year": first("nam/*/index.html"),
        "authors": "/tac-gia/", "author": first("tac-gia/*/index.html"),
        "outlets": "/nguon/", "outlet": first("nguon/*/index.html"),
        "about": "/gioi-thieu/", "data": "/du-lieu/", "search": "/tim-kiem/", "404": "/404.html",
    }
    wards = sorted(site.glob("dia-phuong/*/*/*/index.html"))
    if wards:
        pages["ward"] = "/" + wards[0].parent.relative_to(site).as_posix() + "/"
    if (site / "luu-tru" / "khong-ro-ngay" / "index.html").is_file():
        pages["undated"] = "/luu-tru/khong-ro-ngay/"
    return pages


def _axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.skip(f"{AXE.relative_to(ROOT)} missing (bash .ci/install runs npm ci --prefix tests/tools)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")


AXE_PAGES = ("home", "article", "directive", "province", "year", "localities")


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_axe_no_serious_or_critical_violation(site_server, built_site, browser_page, kind):
    url = sample_pages(built_site)[kind]
    resp = browser_page.goto(site_server + url)
    assert resp is not None and resp.ok, url
    violations = _axe(browser_page)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{url}: " + "; ".join(f'{v["impact"]} {v["id"]} ({v["help"]}) at {v["nodes"]}' for v in bad)


def _fits(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("browser_page", [PHONE, DESKTOP], indirect=True, ids=["390px", "1280px"])
def test_reader_follows_links_home_directive_article_locality(site_server, browser_page, tmp_path):
    page = browser_page
    width = page.viewport_size["width"]
    steps = [("home", None), ("directive", "main a.tag-directive"), ("article", "main ol.articles h3 a"),
             ("locality", "main .article-footer a.tag-place")]
    visited = []
    for i, (name, selector) in enumerate(steps):
        if selector is None:
            page.goto(site_server + "/")
        else:
            link = page.locator(selector).first
            assert link.count(), f"no {selector} link on {page.url}"
            link.scroll_into_view_if_needed()
            with page.expect_navigation():
                link.click()
        page.wait_for_load_state("load")
        path = page.url.removeprefix(site_server)
        visited.append(path)
        assert page.locator("h1").count() == 1, path
        shot = tmp_path / f"{i}-{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 1000
        scroll, inner = _fits(page)
        assert scroll <= inner, f"{path} scrolls sideways at {width} px ({scroll} > {inner})"
    assert visited[1].startswith("/van-ban/") and visited[2].startswith("/bai/") \
        and visited[3].startswith("/dia-phuong/"), visited
    assert not page.errors, page.errors


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_no_page_type_scrolls_sideways_on_a_phone(site_server, built_site, browser_page):
    too_wide = []
    for kind, url in sample_pages(built_site).items():
        browser_page.goto(site_server + url)
        scroll, inner = _fits(browser_page)
        if scroll > inner:
            too_wide.append((kind, url, scroll))
    assert not too_wide


@pytest.fixture(scope="module")
def rendered_site_url(tmp_path_factory):
    """The render tests' records (markup in titles, long codes) rendered with two items per page, served."""
    import functools
    import http.server
    import threading

    from support import render_sample_site

    # its base_url is "https://example.org/bt/": its pages link under /bt/, so it is served there
    host = tmp_path_factory.mktemp("rendered")
    out = render_sample_site(host / "bt")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(host)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/bt", out
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_every_rendered_page_fits_a_phone(rendered_site_url, browser_page):
    """Every page of a small site with pagers and hostile titles fits 390 px (long codes wrap)."""
    base, out = rendered_site_url
    too_wide = []
    for f in sorted(out.rglob("*.html")):
        browser_page.goto(f"{base}/{f.relative_to(out).as_posix()}")
        scroll, inner = _fits(browser_page)
        if scroll > inner:
            too_wide.append((f.relative_to(out).as_posix(), scroll))
    assert not too_wide
