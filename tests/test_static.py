"""content/static/ copied into the site, and the output's hidden entries kept across builds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bantin.pipeline import BuildOptions, Builder, output_location_problem, run_build
from bantin.static import list_static
from bantin.write import OUTPUT_MARK, SiteWriter
from support import TEMPLATES, copy_content


def put(root: Path, rel: str, data: bytes | str = b"x") -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(tmp_path / "content")


def opts(content: Path, out: Path, **kw) -> BuildOptions:
    return BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, **kw)


# --- listing ------------------------------------------------------------------------------

def test_listing_takes_files_and_hidden_folders_and_passes_over_clutter(tmp_path):
    static = tmp_path / "static"
    for rel in ("CNAME", ".nojekyll", "img/logo.svg", ".well-known/security.txt", "a/b/c.txt",
                ".git/HEAD", ".DS_Store", "img/Thumbs.db", "notes.txt~", ".page.html.swp"):
        put(static, rel)
    listing = list_static(tmp_path)
    assert [f.path for f in listing.files] == [".nojekyll", ".well-known/security.txt", "CNAME",
                                               "a/b/c.txt", "img/logo.svg"]
    assert listing.problems == []
    assert all(f.fingerprint.startswith("static:") and f.size == 1 for f in listing.files)


def test_listing_refuses_links_special_files_unsafe_and_reserved_names(tmp_path):
    static = tmp_path / "static"
    put(static, "ok.txt")
    (tmp_path / "secret").write_text("key")
    os.symlink(tmp_path / "secret", static / "key.txt")
    os.symlink(tmp_path, static / "tree")            # a linked folder: not walked either
    os.mkfifo(static / "pipe")
    put(static, "pagefind/pagefind.js")
    put(static, OUTPUT_MARK)
    put(static, "a\\b.txt")
    put(static, "bad\x01name.txt")
    os.makedirs(os.fsencode(static) + b"/raw", exist_ok=True)
    (Path(os.fsencode(static).decode("utf-8", "surrogateescape")) / "raw" / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    listing = list_static(tmp_path)
    assert [f.path for f in listing.files] == ["ok.txt"]
    why = {p.path: p.message for p in listing.problems}
    assert "symbolic link" in why["static/key.txt"] and "symbolic link" in why["static/tree"]
    assert "not a regular file" in why["static/pipe"]
    assert "build's own" in why["static/pagefind/pagefind.js"] and "build's own" in why[f"static/{OUTPUT_MARK}"]
    assert "cannot be a path" in why["static/a\\b.txt"]
    assert "cannot be a path" in why["static/bad\\x01name.txt"]
    assert "not UTF-8" in why["static/raw/caf\\xe9.txt"]
    assert all(p.to_dict()["kind"] == "static" for p in listing.problems)


def test_listing_writes_names_as_nfc_and_refuses_a_second_spelling(tmp_path):
    static = tmp_path / "static"
    put(static, "ảnh/Đà Nẵng.png".replace("ả", "a\u0309"))   # decomposed, as some systems store names
    listing = list_static(tmp_path)
    assert [f.path for f in listing.files] == ["ảnh/Đà Nẵng.png"]
    put(static, "ảnh/Đà Nẵng.png")                             # the same name, composed
    listing = list_static(tmp_path)
    assert len(listing.files) == 1 and "the same name" in listing.problems[0].message


def test_no_static_folder_is_no_problem_and_a_file_named_static_is_one(tmp_path):
    assert list_static(tmp_path).files == [] and list_static(tmp_path).problems == []
    (tmp_path / "static").write_text("x")
    assert "not a folder" in list_static(tmp_path).problems[0].message


# --- building -----------------------------------------------------------------------------

def test_static_files_are_copied_and_never_over_a_page(content, tmp_path):
    static = content / "static"
    put(static, "CNAME", "bantin.example.org\n")
    put(static, "img/logo.svg", "<svg/>")
    put(static, ".well-known/security.txt", "Contact: mailto:a@example.org\n")
    put(static, "robots.txt", "User-agent: *\nDisallow: /\n")     # the build writes its own
    put(static, "index.html/x.txt")                                # a page where a folder would go
    put(static, "bai", "a file where the pages' folder is")
    out = tmp_path / "public"
    report = run_build(opts(content, out))
    assert (out / "CNAME").read_text() == "bantin.example.org\n"
    assert (out / "img/logo.svg").read_text() == "<svg/>"
    assert (out / ".well-known/security.txt").is_file()
    assert "Disallow" not in (out / "robots.txt").read_text() and (out / "bai").is_dir()
    assert report.static_files == 3
    why = {p["path"]: p["message"] for p in report.static_problems}
    assert set(why) == {"static/robots.txt", "static/index.html/x.txt", "static/bai"}
    assert "writes robots.txt itself" in why["static/robots.txt"]
    assert report.warnings_by_kind["static"] == 3
    head = json.loads(report.to_json())
    assert head["static"]["files"] == 3 and len(head["static"]["refused"]) == 3


def test_strict_fails_on_a_refused_static_file(content, tmp_path):
    import subprocess
    import sys

    put(content / "static", "robots.txt", "mine")
    root = Path(__file__).resolve().parent.parent
    p = subprocess.run([sys.executable, str(root / "build.py"), "build", "--content", str(content),
                        "--templates", str(TEMPLATES), "--output", str(tmp_path / "public"), "--no-search",
                        "--strict"], capture_output=True, text=True)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "not copied static/robots.txt" in p.stdout + p.stderr
    report = json.loads((tmp_path / "build-report.json").read_text())
    assert report["static"]["refused"][0]["path"] == "static/robots.txt"


def test_rebuilds_follow_static_edits_additions_and_deletions(content, tmp_path):
    static = content / "static"
    put(static, "CNAME", "one\n")
    put(static, "img/a.png", b"\x89PNG a")
    put(static, ".nojekyll", b"")
    out = tmp_path / "public"
    run_build(opts(content, out))
    ino = (out / "img/a.png").stat().st_ino
    # nothing changed: nothing written, the files stay as they are
    r = run_build(opts(content, out))
    assert r.pages_written == 0 and (out / "img/a.png").stat().st_ino == ino
    # an edit (the same size: the stamp tells) is copied again; the rest stays
    put(static, "CNAME", "two\n")
    r = run_build(opts(content, out))
    assert (out / "CNAME").read_text() == "two\n" and r.pages_written == 1
    assert (out / "img/a.png").stat().st_ino == ino
    # an addition and deletions, the hidden .nojekyll among them
    put(static, "img/b.png", b"b")
    (static / "img/a.png").unlink()
    (static / ".nojekyll").unlink()
    r = run_build(opts(content, out))
    assert (out / "img/b.png").read_bytes() == b"b"
    assert not (out / "img/a.png").exists() and not (out / ".nojekyll").exists()
    # a clean build makes the same
    r = run_build(opts(content, out, clean=True))
    assert sorted(p.name for p in (out / "img").iterdir()) == ["b.png"] and (out / "CNAME").read_text() == "two\n"


def test_a_build_that_renders_nothing_still_reports_refused_files(content, tmp_path):
    put(content / "static", "sitemap.xml", "mine")
    out = tmp_path / "public"
    first = run_build(opts(content, out))
    again = run_build(opts(content, out))
    assert again.pages_written == 0
    assert again.static_problems == first.static_problems and len(first.static_problems) == 1


def test_serve_builder_follows_a_static_edit(content, tmp_path):
    put(content / "static", "CNAME", "one\n")
    out = tmp_path / "public"
    b = Builder(opts(content, out, live=True))
    b.build()
    assert (out / "CNAME").read_text() == "one\n"
    f = put(content / "static", "CNAME", "three\n")
    put(content / "static", "new.txt", "n")
    b.build(changed=[str(f), str(content / "static" / "new.txt")])
    assert (out / "CNAME").read_text() == "three\n" and (out / "new.txt").read_text() == "n"
    (content / "static" / "new.txt").unlink()
    b.build(changed=[str(content / "static" / "new.txt")])
    assert not (out / "new.txt").exists() and (out / "index.html").is_file()


# --- the output's hidden entries ------------------------------------------------------------

def test_a_git_checkout_in_the_output_survives_every_kind_of_build(content, tmp_path):
    out = tmp_path / "public"
    run_build(opts(content, out))
    put(out, ".git/HEAD", "ref: refs/heads/gh-pages\n")
    put(out, ".git/objects/ab/cdef", b"\x00obj")
    for kw in ({}, {"clean": True}, {}):
        run_build(opts(content, out, **kw))
        assert (out / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
        assert (out / ".git/objects/ab/cdef").read_bytes() == b"\x00obj"
    # an article edit (an incremental build) leaves it too
    art = sorted((content / "articles").glob("*.txt"))[0]
    art.write_text(art.read_text(encoding="utf-8") + "\nMột câu thêm.\n", encoding="utf-8")
    r = run_build(opts(content, out))
    assert r.pages_written >= 1 and (out / ".git/HEAD").is_file()


def test_a_fresh_checkout_holding_only_git_is_an_output(content, tmp_path):
    out = tmp_path / "public"
    put(out, ".git/HEAD", "ref\n")
    o = opts(content, out)
    assert output_location_problem(o) is None
    run_build(o)
    assert (out / ".git/HEAD").read_text() == "ref\n" and (out / "index.html").is_file()
    put(tmp_path / "other", "notes.txt", "mine")
    assert "holds files that no build made" in output_location_problem(opts(content, tmp_path / "other"))


def test_a_killed_builds_staging_gives_back_what_it_carried(tmp_path):
    out = tmp_path / "public"
    with SiteWriter(out) as w:
        w.write("index.html", b"a")
    dead = 2 ** 22 + 777
    stale = tmp_path / f".public.tmp-{dead}-x"
    put(stale, ".git/HEAD", "ref\n")          # moved there, then the build was killed before the swap
    put(stale, "index.html", "half")
    with SiteWriter(out) as w:
        w.write("index.html", b"b")
    assert (out / ".git/HEAD").read_text() == "ref\n" and (out / "index.html").read_bytes() == b"b"
    assert not stale.exists()


def test_a_static_folder_linked_out_of_content_is_not_followed(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    outside = put(tmp_path / "elsewhere", "secret.txt").parent
    os.symlink(outside, content / "static")
    listing = list_static(content)
    assert listing.files == [] and "link out of the content folder" in listing.problems[0].message
    inside = put(content / "shared", "logo.svg").parent      # a link that stays in content/ is followed
    os.unlink(content / "static")
    os.symlink(inside, content / "static")
    assert [f.path for f in list_static(content).files] == ["logo.svg"]


def test_an_output_inside_static_is_refused(content, tmp_path):
    problem = output_location_problem(opts(content, content / "static" / "site"))
    assert problem is not None and "copy the site into itself" in problem
