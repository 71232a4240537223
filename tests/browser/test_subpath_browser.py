"""A site published under a path (a GitHub Pages project site: https://user.github.io/bantin/),
in Debian's chromium: the host serves the site as its bantin/ folder; search finds the seeds,
links to their pages under the path, and the pages' style sheet and links load from there."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.pipeline import BuildOptions, run_build
from support import TEMPLATES, copy_content, set_site_option

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def host(tmp_path_factory, folder_server) -> str:
    root = tmp_path_factory.mktemp("pages")
    content = copy_content(root / "content")
    set_site_option(content, "base_url", '"https://user.github.io/bantin/"')
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=root / "host" / "bantin", search=True))
    assert report.error is None
    return folder_server(root / "host")


def test_search_and_its_results_live_under_the_path(browser_page, host):
    page = browser_page
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(host + "/bantin/tim-kiem/?q=da+nang")
    page.wait_for_selector("html[data-search-ready]", timeout=15000)
    page.wait_for_function(
        "() => /Tìm thấy|Không tìm thấy/.test(document.getElementById('search-status').textContent)", timeout=15000)
    hrefs = page.eval_on_selector_all("#search-results > li h3 a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("/bantin/bai/") for h in hrefs), hrefs
    page.click("#search-results > li h3 a")
    page.wait_for_load_state("load")
    assert page.url.startswith(host + "/bantin/bai/")
    # the article page is styled (its style sheet came from under the path) and its links stay there
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "" and page.locator("h1").count() == 1
    assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.endsWith('/bantin/assets/site.css') && s.cssRules.length > 0)")
    assert not failed and not page.errors, (failed, page.errors)  # type: ignore[attr-defined]
