"""Fixtures for the robustness suite: the hostile corpus built once beside the shipped content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import CONTENT, TEMPLATES, copy_content


@dataclass
class HostileSite:
    root: Path                 # the temporary folder holding content/, public/ and the report
    content: Path
    out: Path
    report: object             # pipeline.BuildReport
    files: dict                # path -> FileReport
    expect: dict               # path -> hostile.Expect
    before: set[str]           # every path under root before the build (outside public/)
    seed_titles: dict[str, str]


def tree(root: Path) -> set[str]:
    out = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for n in dirnames + filenames:
            out.add(os.path.relpath(os.path.join(dirpath, n), root))
    return out


@pytest.fixture(scope="session")
def seed_titles() -> dict[str, str]:
    """Titles the extractor finds in the shipped seeds (the hostile variants are built from them)."""
    from bantin.config import SiteData
    from bantin.extract import Extractor
    from bantin.reader import read_file

    ex = Extractor.from_data(SiteData.load(CONTENT))
    out = {}
    for p in sorted((CONTENT / "articles").glob("*.txt")):
        out[p.name] = ex.extract(read_file(p, p.name, CONTENT)).title
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, seed_titles) -> HostileSite:
    from hostile import make_corpus

    from bantin.pipeline import BuildOptions, run_build, write_report

    root = tmp_path_factory.mktemp("hostile")
    content = copy_content(root / "content")
    expect = make_corpus(content, seed_titles)
    before = tree(root)
    pwned = Path("/tmp/bantin-pwned")
    if pwned.exists():
        pwned.unlink()
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=root / "public", search=False,
                                    jobs=1, quiet=True))
    write_report(report, root / "build-report.json")
    files = {f.path: f for f in report.files}
    return HostileSite(root, content, root / "public", report, files, expect, before, seed_titles)
