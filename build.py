#!/usr/bin/env python3
"""Thin entry point: ``python build.py [command] ...`` runs the Bản tin command line."""

import sys
from pathlib import Path

# Let a plain checkout run without an editable install (the package still needs its dependencies).
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from bantin.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
