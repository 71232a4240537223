"""Quality bar: every HTML page (and the stylesheet) passes the Nu HTML Checker with zero errors.

The checker is the npm package ``vnu-jar`` (tests/tools, installed by ``.ci/install``) run with the
machine's Java. All files go to ONE java invocation (the JVM start dominates the run time):

- every HTML page of the shipped content's site (``built_site``), inline SVG charts and the tile
  map included, plus ``assets/*.css`` (``--also-check-css``);
- every HTML page of a small rendered site with two articles per page (pagers, ``trang/N/`` pages,
  hostile titles with markup and quotes), which the shipped content is too small to produce.

A broken canary page and stylesheet go in the same run, so a silent checker cannot pass.
Skipped, with the reason, only when java or the jar is missing (CI installs both).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT, render_sample_site

VNU_JAR = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if not java:
        pytest.skip("java not found (bash .ci/install installs default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.skip(f"{VNU_JAR.relative_to(ROOT)} missing (bash .ci/install runs npm ci --prefix tests/tools)")
    return java


def _site_files(root: Path) -> list[Path]:
    pages = sorted(p for p in root.rglob("*.html") if "pagefind" not in p.relative_to(root).parts)
    css = sorted((root / "assets").rglob("*.css")) if (root / "assets").is_dir() else []
    return pages + css


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """A site rendered from the catalog tests' records with two items per list page."""
    return render_sample_site(tmp_path_factory.mktemp("paged"))


def run_vnu(files: list[Path]) -> list[dict]:
    java = _java()
    res = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--no-langdetect", "--format", "json",
         "--also-check-css", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    # the JSON report goes to stderr; exit code 1 means "errors found"
    try:
        report = json.loads(res.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not answer JSON (exit {res.returncode}): {res.stderr[-2000:]}")
    return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")
            or m.get("subType") == "fatal"]


def _canaries(folder: Path) -> list[Path]:
    """A broken page and a bad stylesheet, checked in the same run: the run is not vacuous."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / "canary.html"
    bad.write_text('<!DOCTYPE html><html lang="vi"><head><title>x</title></head>'
                   "<body><p><div></p></body></html>", encoding="utf-8")
    css = folder / "canary.css"
    css.write_text("p { colr: red }\n", encoding="utf-8")
    return [bad, css]


def test_every_page_passes_the_nu_html_checker(built_site, paged_site, tmp_path):
    shipped = _site_files(built_site)
    paged = _site_files(paged_site)
    assert len([p for p in shipped if p.suffix == ".html"]) >= 40, "the shipped site looks incomplete"
    assert any("/trang/2/" in p.as_posix() for p in paged), "the paged site has no second page"
    assert any(p.suffix == ".css" for p in shipped)
    canaries = _canaries(tmp_path / "canary")
    messages = run_vnu(shipped + paged + canaries)
    caught = {Path(m.get("url", "").removeprefix("file:")).name for m in messages}
    assert {"canary.html", "canary.css"} <= caught, "the checker did not report the broken canary files"
    errors = [m for m in messages if "/canary/" not in m.get("url", "")]
    listing = [f'{m.get("url", "?")}:{m.get("lastLine")}: {m.get("message")}' for m in errors]
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(listing[:40])
