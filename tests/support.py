"""Paths and helpers shared by the tests (importable as ``support`` from any test folder)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
SHARED = ROOT.parent / "shared"


def copy_content(dest: Path) -> Path:
    """Copy content/ (data files and articles) to ``dest`` and return it."""
    shutil.copytree(CONTENT, dest)
    return dest


def set_site_option(content: Path, key: str, value: object) -> None:
    """Set one ``site.yaml`` key of a content copy (replacing the line that sets it, if any)."""
    site = content / "site.yaml"
    text = re.sub(rf"(?m)^{re.escape(key)}:.*\n?", "", site.read_text(encoding="utf-8"))
    site.write_text(text.rstrip("\n") + f"\n{key}: {value}\n", encoding="utf-8")


def render_sample_site(out: Path, per_page: int = 2) -> Path:
    """The catalog tests' records (markup in titles, long codes) rendered into ``out``."""
    from bantin.catalog import build_catalog
    from bantin.render import render_site
    from test_catalog import make_data, make_records

    data = make_data(per_page=per_page)
    for page in render_site(build_catalog(make_records(), data), data, TEMPLATES):
        f = out / page.path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(page.content)
    return out
