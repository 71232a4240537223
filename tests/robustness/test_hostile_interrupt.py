"""Atomic output: a build that is interrupted (SIGTERM, SIGINT) or fails (a template raises) leaves
the previous public/ byte for byte as it was and no staging folder behind; the next build is correct
(byte-identical to a clean build of the same input, so the incremental cache was not poisoned)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import seeds

from support import ROOT, TEMPLATES, copy_content

# enough that rendering outlasts the 0.3 s the tests let a build write before the signal (300
# articles took 0.3 s once rendering got quicker: the build had committed when the signal came)
N_ARTICLES = 700
WRAPPED = ("import sys\nfrom bantin.signals import graceful_termination\nfrom bantin.cli import main\n"
           "with graceful_termination():\n    sys.exit(main(sys.argv[1:]))\n")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".public."))


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + e.get("PYTHONPATH", "")
    return e


def add_articles(content: Path, n: int) -> None:
    """``n`` distinct articles made from the seeds (a unique paragraph in each)."""
    texts = [p.read_text(encoding="utf-8") for p in seeds()]
    gen = content / "articles" / "gen"
    gen.mkdir()
    for i in range(n):
        lines = texts[i % len(texts)].split("\n")
        lines.insert(len(lines) // 2, f"Đoạn bổ sung số {i}: học tập và làm theo tư tưởng Hồ Chí Minh.")
        (gen / f"gen_{i:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


def build_cmd(content: Path, out: Path, *extra: str, wrapped: bool = False) -> list[str]:
    args = ["build", "--content", str(content), "--output", str(out), "--no-search", "--quiet", "--jobs", "1",
            *extra]
    if wrapped:
        return [sys.executable, "-c", WRAPPED, *args]
    return [sys.executable, str(ROOT / "build.py"), *args]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A content copy; public/ built from the shipped articles; then 300 articles added."""
    root = tmp_path_factory.mktemp("interrupt")
    content = copy_content(root / "content")
    out = root / "public"
    r = subprocess.run(build_cmd(content, out), env=env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    add_articles(content, N_ARTICLES)
    return root, content, out


def interrupt(cmd: list[str], parent: Path, sig: int) -> tuple[int, str, bool]:
    """Start a build, send ``sig`` once its staging folder exists; return (exit code, stderr, was running)."""
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    running = False
    try:
        while time.monotonic() < deadline:
            if any(p.name.startswith(".public.tmp-") for p in parent.iterdir()):
                time.sleep(0.3)   # let it write some pages
                running = proc.poll() is None
                proc.send_signal(sig)
                break
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err, running


@pytest.mark.parametrize("sig,wrapped", [(signal.SIGTERM, True), (signal.SIGINT, False), (signal.SIGINT, True)],
                         ids=["sigterm-graceful", "sigint-cli", "sigint-graceful"])
def test_signal_midway_leaves_public_unchanged(site, sig, wrapped):
    root, content, out = site
    before = snapshot(out)
    code, err, running = interrupt(build_cmd(content, out, wrapped=wrapped), root, sig)
    assert running, "the build finished before the signal; make the corpus larger"
    assert code != 0, err
    assert code in (130, 128 + sig, -sig), (code, err)
    assert snapshot(out) == before, "public/ changed under an interrupted build"
    assert leftovers(root) == [], "staging folder left behind"


def test_sigterm_on_the_plain_cli_leaves_public_unchanged(site):
    """Without graceful_termination SIGTERM kills at once: public/ is still intact (the build only
    ever wrote into its staging folder), and the next build sweeps the folder the dead one left."""
    root, content, out = site
    before = snapshot(out)
    code, err, running = interrupt(build_cmd(content, out), root, signal.SIGTERM)
    assert running and code != 0
    assert snapshot(out) == before
    from bantin.write import SiteWriter

    SiteWriter(out).sweep_stale()
    assert leftovers(root) == []


def test_plain_cli_handles_sigterm_gracefully(site):
    """pipeline.Builder.build runs inside signals.graceful_termination(): SIGTERM cleans up."""
    root, content, out = site
    code, err, running = interrupt(build_cmd(content, out), root, signal.SIGTERM)
    left = leftovers(root)
    SiteWriter = __import__("bantin.write", fromlist=["SiteWriter"]).SiteWriter
    SiteWriter(out).sweep_stale()
    assert running and code == 128 + signal.SIGTERM and left == []


def test_next_build_after_interruptions_is_correct(site):
    """Runs after the interruptions above: the build completes and equals a clean build."""
    root, content, out = site
    r = subprocess.run(build_cmd(content, out), env=env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert leftovers(root) == []
    clean = root / "clean"
    r = subprocess.run(build_cmd(content, clean, "--clean"), env=env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    a, b = snapshot(out), snapshot(clean)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert len(list((out / "bai").iterdir())) >= N_ARTICLES + 5


# --- a failing template ----------------------------------------------------------------------


@pytest.fixture
def small_site(tmp_path):
    content = copy_content(tmp_path / "content")
    out = tmp_path / "public"
    from bantin.pipeline import BuildOptions, run_build

    run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, jobs=1))
    return tmp_path, content, out


def broken_templates(dest: Path, name: str, inject: str) -> Path:
    shutil.copytree(TEMPLATES, dest)
    p = dest / name
    text = p.read_text(encoding="utf-8")
    marker = next((m for m in ("{% block main %}", "{% block content %}") if m in text), None)
    assert marker, f"{name} has no main block"
    p.write_text(text.replace(marker, marker + inject, 1), encoding="utf-8")
    return dest


def test_template_raising_at_render_leaves_public_unchanged(small_site):
    from bantin.pipeline import BuildOptions, run_build

    root, content, out = small_site
    before = snapshot(out)
    templates = broken_templates(root / "templates", "article.html", "{{ (1 / 0) if page is defined else 1 / 0 }}")
    with pytest.raises(Exception):   # noqa: B017 - whatever the template raises
        run_build(BuildOptions(content=content, templates=templates, output=out, search=False, jobs=1))
    assert snapshot(out) == before and leftovers(root) == []
    # and the next build with good templates is correct
    run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, jobs=1))
    assert snapshot(out) == before and leftovers(root) == []


def test_template_error_via_cli_exits_1_and_leaves_public_unchanged(small_site):
    root, content, out = small_site
    before = snapshot(out)
    templates = broken_templates(root / "templates", "article.html", "{{ 'x' | no_such_filter_at_all }}")
    r = subprocess.run(build_cmd(content, out, "--templates", str(templates)), env=env(),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])
    assert "no_such_filter_at_all" in r.stderr
    assert snapshot(out) == before and leftovers(root) == []
