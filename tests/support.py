"""Paths and helpers shared by the tests (importable as ``support`` from any test folder)."""

from __future__ import annotations

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
