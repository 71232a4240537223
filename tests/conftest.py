"""Shared fixtures: the project's paths, a private copy of content/, and a site built once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import CONTENT, TEMPLATES, copy_content


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    return copy_content(tmp_path / "content")


@pytest.fixture(scope="session")
def site_data():
    from bantin.config import SiteData

    return SiteData.load(CONTENT)


@pytest.fixture(scope="session")
def extractor(site_data):
    from bantin.extract import Extractor

    return Extractor.from_data(site_data)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once (with the search index) into a temporary folder."""
    from bantin.pipeline import BuildOptions, run_build

    out = tmp_path_factory.mktemp("site") / "public"
    report = run_build(BuildOptions(content=CONTENT, templates=TEMPLATES, output=out, search=True))
    assert report.error is None
    built_site.report = report  # type: ignore[attr-defined]
    return out
