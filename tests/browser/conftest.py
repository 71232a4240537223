"""Browser fixtures: the built site served on 127.0.0.1 and a page of Debian's chromium.

``site_server`` serves ``built_site`` (tests/conftest.py: the shipped content built once with the
search index) from a stdlib HTTP server on a free port and yields its base URL.
``browser`` is one chromium per test module (Playwright, ``/usr/bin/chromium``, no network
needed). Both end with their module, so that none of their threads is left running for the tests
after them: a build forks side tasks only when it runs no other thread (``bantin.background``).
``browser_page`` is a fresh page (own context) per test, phone-sized when the test asks for it
with ``@pytest.mark.parametrize("browser_page", [{"width": 390, "height": 844}], indirect=True)``.
Tests here are marked ``browser``; they are skipped when Playwright or chromium is missing.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-extensions"]


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream", ".xml": "application/xml"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


def serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Start a threaded static server for ``folder`` on 127.0.0.1 (free port); returns (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def folder_server() -> Iterator:
    """Serves folders for the module: ``folder_server(path)`` -> base URL."""
    started: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server, base = serve_folder(folder)
        started.append(server)
        return base

    try:
        yield start
    finally:
        for server in started:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def site_server(built_site: Path, folder_server) -> str:
    return folder_server(built_site)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"chromium not found at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def browser_page(browser, request):
    """A fresh page; ``request.param`` may give a viewport dict and ``java_script_enabled``."""
    opts = dict(getattr(request, "param", None) or {})
    js = opts.pop("java_script_enabled", True)
    viewport = {"width": opts.pop("width", 1280), "height": opts.pop("height", 900)}
    context = browser.new_context(viewport=viewport, java_script_enabled=js, locale="vi-VN",
                                  service_workers="block", **opts)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()
