"""A site served under a path (base_url "https://user.github.io/bantin/", a GitHub Pages project
site): every link of its pages is under that path, and ``serve`` serves it there."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bantin.config import url_path_prefix
from bantin.pipeline import BuildOptions, run_build
from bantin.render import under_prefix
from bantin.serve import ReloadHub, make_server
from support import TEMPLATES, copy_content, set_site_option
from test_site_e2e import parse

BASE = "https://user.github.io/bantin/"


@pytest.mark.parametrize("base,prefix", [
    ("https://bantin.example.org/", ""), ("https://bantin.example.org", ""),
    ("https://user.github.io/bantin/", "/bantin"), ("https://user.github.io/bantin", "/bantin"),
    ("http://x.org/a/b/", "/a/b"), ("https://x.org/bản tin/", "/b%E1%BA%A3n%20tin"),
    ('https://x.org/a"b/', "/a%22b"), ("https://x.org/a%20b/", "/a%20b")])
def test_the_path_prefix_of_a_base_url(base, prefix):
    assert url_path_prefix(base) == prefix


def test_links_from_the_root_move_under_the_prefix_and_nothing_else_does():
    html = (b'<a href="/bai/x/">a</a>\n<img src="/a.png" alt="">\t<form action="/tim-kiem/">'
            b'<a href="//cdn.example/x">b</a><a href="https://x/">c</a><a href="#top">d</a>'
            b'<a data-href="/x">e</a><p>href=&#34;/x&#34; src="/y" in text</p>')
    out = under_prefix(html, b"/bantin")
    assert out == (b'<a href="/bantin/bai/x/">a</a>\n<img src="/bantin/a.png" alt="">\t<form action="/bantin/tim-kiem/">'
                   b'<a href="//cdn.example/x">b</a><a href="https://x/">c</a><a href="#top">d</a>'
                   b'<a data-href="/x">e</a><p>href=&#34;/x&#34; src="/bantin/y" in text</p>')


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("host")
    content = copy_content(root / "content")
    set_site_option(content, "base_url", f'"{BASE}"')
    out = root / "www" / "bantin"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False))
    assert report.error is None
    return out


def test_every_link_of_every_page_is_under_the_path_and_resolves(subpath_site):
    pages = sorted(subpath_site.rglob("*.html"))
    host = subpath_site.parent      # the host's root: the site is its bantin/ folder
    checked = 0
    broken = []
    for page in pages:
        for link in parse(page).links:
            if not link.startswith("/") or link.startswith("//"):
                continue
            assert link.startswith("/bantin/"), (page, link)
            path = link.split("#", 1)[0].split("?", 1)[0]
            target = host / path.lstrip("/")
            target = target / "index.html" if path.endswith("/") else target
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(subpath_site)} -> {link}")
    assert checked > 1000 and not broken, broken[:10]
    # the absolute addresses (feeds, sitemap, canonical links) carry it through base_url
    assert f"<loc>{BASE}bai/" in (subpath_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f'href="{BASE}bai/' in (subpath_site / "feed.xml").read_text(encoding="utf-8")


def test_serve_serves_the_site_under_its_path(subpath_site):
    server = make_server(subpath_site, ReloadHub(), port=0, prefix=lambda: "/bantin")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(Stay)

    def get(path: str) -> tuple[int, str | None, bytes]:
        try:
            r = opener.open(base + path)
            return r.status, None, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location"), b""

    try:
        assert get("/")[:2] == (301, "/bantin/")
        assert get("/bantin")[:2] == (301, "/bantin/")
        status, _, body = get("/bantin/")
        assert status == 200 and b'href="/bantin/assets/site.css"' in body and b"/__bantin__/events" in body
        assert get("/bantin/van-ban")[:2] == (301, "/bantin/van-ban/")
        assert get("/bantin/van-ban/")[0] == 200 and get("/bantin/assets/site.css")[0] == 200
        assert get("/van-ban/")[0] == 404 and get("/bantin/khong-co/")[0] == 404
    finally:
        server.shutdown()
        server.server_close()
