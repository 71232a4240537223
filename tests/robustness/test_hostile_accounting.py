"""Every hostile input file is built, merged as a duplicate or skipped with the expected reason;
the shipped seeds still build as before; nothing is written outside the output folder."""

from __future__ import annotations

import json

import pytest
from conftest import tree
from hostile import SUB

from support import CONTENT


def reason_text(f) -> str:
    parts = [f.reason or ""] + [f"{w.get('kind')}: {w.get('message')}" for w in f.warnings]
    return " | ".join(parts)


def test_every_input_file_is_accounted_for(hostile_site):
    arts = hostile_site.content / "articles"
    on_disk = set()
    for rel in tree(arts):
        p = arts / rel
        if p.is_dir() and not p.is_symlink() and not p.name.startswith("."):
            continue
        if p.suffix in (".yaml", ".yml") and (p.with_suffix(".txt").exists() or p.with_suffix(".md").exists()):
            continue   # a sidecar, read with its article
        on_disk.add(rel)
    assert set(hostile_site.files) == on_disk
    assert {f.status for f in hostile_site.report.files} <= {"built", "duplicate", "skipped"}


def test_expected_outcome_per_file(hostile_site):
    problems = []
    for path, e in sorted(hostile_site.expect.items()):
        f = hostile_site.files.get(path)
        if f is None:
            problems.append(f"{path}: missing from the report")
            continue
        why = reason_text(f)
        if f.status != e.status:
            problems.append(f"{path}: {f.status} (expected {e.status}): {why}")
            continue
        if e.reason and e.reason not in why:
            problems.append(f"{path}: reason {why!r} lacks {e.reason!r}")
        if e.title is not None and f.title != e.title:
            problems.append(f"{path}: title {f.title!r} != {e.title!r}")
        if e.duplicate_of and f.duplicate_of != e.duplicate_of:
            problems.append(f"{path}: duplicate of {f.duplicate_of!r}, expected {e.duplicate_of!r}")
        if e.encoding and e.encoding not in why and f.encoding != e.encoding:
            problems.append(f"{path}: encoding {f.encoding!r} not reported as {e.encoding!r}: {why}")
    assert not problems, "\n".join(problems)


def test_skipped_files_carry_a_reason_in_build_report_json(hostile_site):
    data = json.loads((hostile_site.root / "build-report.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in data["files"]}
    for path, e in hostile_site.expect.items():
        if e.status == "skipped":
            assert by_path[path]["status"] == "skipped" and by_path[path]["reason"], path
    assert data["summary"]["skipped"] >= sum(1 for e in hostile_site.expect.values() if e.status == "skipped")
    assert data["summary"]["error"] is None


def test_shipped_seeds_still_build(hostile_site):
    """The seeds build exactly as in a clean build: same title, same page."""
    for p in sorted((CONTENT / "articles").glob("*.txt")):
        f = hostile_site.files[p.name]
        assert f.status == "built", (p.name, reason_text(f))
        assert f.title == hostile_site.seed_titles[p.name]
        assert (hostile_site.out / "bai" / f.slug / "index.html").is_file()


def test_built_articles_have_pages(hostile_site):
    for f in hostile_site.report.files:
        if f.status == "built":
            page = hostile_site.out / "bai" / f.slug / "index.html"
            assert page.is_file(), f.path


def test_nothing_written_outside_public(hostile_site):
    after = tree(hostile_site.root)
    new = {p for p in after - hostile_site.before if not p.startswith(("public", ".bantin-cache"))}
    assert new <= {"build-report.json", "build-report.html"}, new
    assert not any(p.startswith(".public.") for p in after), "staging folder left behind"
    from pathlib import Path

    assert not Path("/tmp/bantin-pwned").exists(), "a front-matter tag ran a command"
    for p in hostile_site.out.rglob("*"):
        assert not p.is_symlink(), p
        assert p.resolve().is_relative_to(hostile_site.out.resolve())


def test_secrets_behind_links_are_not_published(hostile_site):
    for p in hostile_site.out.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert b"SECRET-OUTSIDE" not in data and b"SECRET-SIDECAR" not in data, p


@pytest.mark.parametrize("name", ["slug-b.md", "sub/deeper/slug-c.md"])
def test_slug_collisions_both_get_pages(hostile_site, name):
    a = hostile_site.files[f"{SUB}/slug-a.md"]
    b = hostile_site.files[f"{SUB}/{name}"]
    assert a.slug == "trung-ten" and b.slug.startswith("trung-ten-") and b.slug != a.slug
    assert any(w["kind"] == "slug-collision" for w in b.warnings)
    pa = (hostile_site.out / "bai" / a.slug / "index.html").read_text(encoding="utf-8")
    pb = (hostile_site.out / "bai" / b.slug / "index.html").read_text(encoding="utf-8")
    assert "Nội dung thứ nhất" in pa and "Nội dung thứ nhất" not in pb


def test_duplicates_are_listed_not_built(hostile_site):
    dups = [f for f in hostile_site.report.files if f.status == "duplicate"]
    assert {f.path for f in dups} >= {p for p, e in hostile_site.expect.items() if e.status == "duplicate"}
    slugs = [f.slug for f in hostile_site.report.files if f.status == "built"]
    assert len(slugs) == len(set(slugs))


def test_refused_slugs_do_not_escape(hostile_site):
    for name in ("inj-front-matter.md", "inj-abs-slug.md"):
        f = hostile_site.files[f"{SUB}/{name}"]
        assert f.status == "built"
        assert "/" not in f.slug and ".." not in f.slug
        assert any(w["kind"] == "front-matter" and "slug" in w["message"] for w in f.warnings)
