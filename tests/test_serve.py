"""`build.py serve`: serves on 127.0.0.1, rebuilds on change, and the served page follows (issue 6)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, TEMPLATES, copy_content


class Served:
    def __init__(self, proc: subprocess.Popen, url: str, content: Path, output: Path):
        self.proc, self.url, self.content, self.output = proc, url, content, output

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", errors="replace")


def start_serve(tmp_path: Path) -> Served:
    content = copy_content(tmp_path / "content")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    output = tmp_path / "public"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--no-search",
         "--content", str(content), "--templates", str(templates), "--output", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if m:
            return Served(proc, m.group(1), content, output)
    proc.kill()
    raise AssertionError("serve did not start")


def stop(s: Served) -> None:
    s.proc.send_signal(signal.SIGINT)
    try:
        s.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        s.proc.kill()


@pytest.fixture
def served(tmp_path):
    s = start_serve(tmp_path)
    yield s
    stop(s)


def wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_listens_on_loopback_and_injects_reload_only_in_responses(served):
    status, html = served.get("")
    assert status == 200 and "/__bantin__/events" in html
    # the published files never carry the reload script
    assert "__bantin__" not in (served.output / "index.html").read_text("utf-8")
    status, _ = served.get("khong-co-trang-nay/")
    assert status == 404


def test_an_edit_is_rebuilt_and_served(served):
    article = served.content / "articles" / "002_da59daf726c3fc18.txt"
    text = article.read_text("utf-8")
    article.write_text(text.replace("12/12 phường trên địa bàn thị xã", "12/12 phường trên địa bàn thị xã nay", 1),
                       "utf-8")
    # (how long it takes: ``bench/run.py``'s in-serve rebuild)
    assert wait_for(lambda: "địa bàn thị xã nay" in served.get("bai/tan-uyen-hoc-tap-va-lam-theo-bac-la-nhiem-vu-thuong-xuyen/")[1])


def test_records_files_follow_an_edit_when_requested_and_on_exit(tmp_path):
    """A rebuild leaves records.json/csv for later; asking for one writes it first, and the
    files on disk are complete when serve stops."""
    s = start_serve(tmp_path)
    try:
        article = s.content / "articles" / "002_da59daf726c3fc18.txt"
        text = article.read_text("utf-8")
        article.write_text(text.replace("12/12 phường trên địa bàn thị xã", "12/12 phường trên địa bàn thị xã kia", 1),
                           "utf-8")
        assert wait_for(lambda: "địa bàn thị xã kia" in s.get("bai/tan-uyen-hoc-tap-va-lam-theo-bac-la-nhiem-vu-thuong-xuyen/")[1])
        status, body = s.get("records.json")
        assert status == 200 and "địa bàn thị xã kia" in body
        status, body = s.get("records.csv")
        assert status == 200 and "địa bàn thị xã kia" in body
    finally:
        stop(s)
    assert "địa bàn thị xã kia" in (s.output / "records.csv").read_text("utf-8")
