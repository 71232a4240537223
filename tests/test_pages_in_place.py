"""``pipeline._pages_in_place``: the last output's pages checked one lstat each before a rebuild
renders only the changed articles' pages (``same_plan``)."""

from __future__ import annotations

import os

import pytest

from bantin import pipeline
from bantin.pipeline import _pages_in_place


def output(tmp_path):
    out = tmp_path / "public"
    (out / "bai" / "a").mkdir(parents=True)
    (out / "bai" / "a" / "index.html").write_bytes(b"<p>a</p>")
    (out / "index.html").write_bytes(b"home")
    (out / "feed.xml").write_bytes(b"<rss/>")
    files = {"bai/a/index.html", "index.html", "feed.xml"}
    pages = {"bai/a/index.html": ("fp", 8), "index.html": ("fp", 4)}   # feed.xml: no size known
    return out, files, pages


@pytest.mark.parametrize("with_dir_fd", [True, False])
def test_every_page_in_place_with_its_size(tmp_path, monkeypatch, with_dir_fd):
    if not with_dir_fd:
        monkeypatch.setattr(pipeline.os, "supports_dir_fd", set())
    out, files, pages = output(tmp_path)
    assert _pages_in_place(files, pages, out)
    assert _pages_in_place(files, pages, tmp_path / ".." / tmp_path.name / "public")

    (out / "feed.xml").write_bytes(b"<rss>longer</rss>")       # no size known: any size does
    assert _pages_in_place(files, pages, out)
    (out / "index.html").write_bytes(b"home!")                 # another size
    assert not _pages_in_place(files, pages, out)
    (out / "index.html").write_bytes(b"home")
    (out / "bai" / "a" / "index.html").unlink()                # gone
    assert not _pages_in_place(files, pages, out)
    os.symlink(out / "index.html", out / "bai" / "a" / "index.html")   # a link, even of the right size
    pages["bai/a/index.html"] = ("fp", 4)
    assert not _pages_in_place(files, pages, out)
    assert not _pages_in_place(files, pages, tmp_path / "missing")
