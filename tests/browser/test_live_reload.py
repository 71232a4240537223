"""`serve` reloads an open tab by itself after a rebuild (issue 6, point 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_serve import start_serve, stop

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/install)")
def test_open_tab_reloads_after_an_edit(tmp_path):
    from playwright.sync_api import sync_playwright

    served = start_serve(tmp_path)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.goto(served.url + "bai/xay-dung-hinh-anh-nguoi-can-bo-gan-dan/")
            page.evaluate("window.__marker = 'before'")   # gone after a real reload
            page.wait_for_function("document.readyState === 'complete'")
            article = served.content / "articles" / "001_20ddfb8bd626b568.txt"
            article.write_text(article.read_text("utf-8").replace(
                "Trân trọng cảm ơn đồng chí!", "Trân trọng cảm ơn đồng chí rất nhiều!"), "utf-8")
            page.wait_for_function("document.body.innerText.includes('cảm ơn đồng chí rất nhiều')", timeout=30000)
            assert page.evaluate("window.__marker === undefined")
            browser.close()
    finally:
        stop(served)
