#!/usr/bin/env python3
"""Metamorphic check: change articles in ways that must not change their records, and list the
records that change anyway.

    python bench/metamorphic.py ../shared/corpus/real-visible [--only zwsp shy ...] [--seed 5] [-q]

Each ``*.txt`` of the folder is extracted as it is and after each change below; the two records
are compared field by field (title, date, year, directives, localities, byline, outlet, number
of blocks). The changes are what web pages and editors do to a text without changing what it
says:

  nbsp    a third of the spaces between words made no-break spaces
  zwsp    zero-width spaces inside words and numbers (one place in fifty)
  shy     soft hyphens inside words and numbers (one place in fifty)
  crlf    CRLF line ends
  nfd     NFD (decomposed) Unicode
  old     the other tone-mark convention ("hoà", "thuỷ")
  bom     a byte-order mark before the text
  tabs    tabs after the first spaces
  blank   blank lines and trailing spaces around every line

The title is kept as printed (invisible characters and tone marks too), so a changed title is
reported apart from the other fields: it is expected under ``zwsp``, ``shy`` and ``old``. A
byline is kept as printed as well, so ``old`` changes some. Anything else is a fault to read.
No network; the corpus is only read.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from bantin.config import SiteData  # noqa: E402
from bantin.extract import Extractor  # noqa: E402
from bantin.model import Record, SourceDocument  # noqa: E402
from bantin.reader import parse_bytes  # noqa: E402
from bantin.text import other_tone_convention, tone_normalize  # noqa: E402

_INSIDE_WORD = re.compile(r"(?<=\w)(?<!%\w)(?=\w)")   # (not inside a percent-escape a scraper left)
_BETWEEN_WORDS = re.compile(r"(?<=\S) (?=\S)")


def changes(rnd: random.Random) -> dict:
    def sprinkle(mark: str, rate: float):
        return lambda t: _INSIDE_WORD.sub(lambda m: mark if rnd.random() < rate else "", t)

    return {
        "nbsp": lambda t: _BETWEEN_WORDS.sub(lambda m: "\u00a0" if rnd.random() < 1 / 3 else " ", t),
        "zwsp": sprinkle("\u200b", 0.02),
        "shy": sprinkle("\u00ad", 0.02),
        "crlf": lambda t: t.replace("\n", "\r\n"),
        "nfd": lambda t: unicodedata.normalize("NFD", t),
        "old": other_tone_convention,
        "bom": lambda t: "\ufeff" + t,
        "tabs": lambda t: t.replace(" ", " \t", 50),
        "blank": lambda t: "\n\n  " + t.replace("\n", "  \n") + "\n\n\n",
    }


def signature(rec: Record) -> dict:
    return {
        "title": tone_normalize(" ".join(rec.title.split())),
        "date": rec.date, "year": rec.year,
        "directives": sorted(d.key for d in rec.directives),
        "localities": sorted(loc.key for loc in rec.localities),
        "byline": rec.byline.name if rec.byline else None,
        "outlet": rec.outlet.key if rec.outlet else None,
        "blocks": len(rec.blocks),
    }


def extract(extractor: Extractor, text: str) -> dict:
    doc = parse_bytes(SourceDocument("x.txt"), text.encode("utf-8"))
    return signature(extractor.extract(doc))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--content", type=Path, default=ROOT / "content", help="site data folder")
    ap.add_argument("--only", nargs="+", metavar="CHANGE", help="these changes only")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("-q", "--quiet", action="store_true", help="the counts only")
    a = ap.parse_args(argv)
    table = changes(random.Random(a.seed))
    names = a.only or list(table)
    unknown = [n for n in names if n not in table]
    if unknown:
        ap.error(f"unknown change {unknown[0]!r}; one of {', '.join(table)}")
    files = sorted(a.folder.glob("*.txt"))
    if not files:
        ap.error(f"no .txt files in {a.folder}")
    extractor = Extractor.from_data(SiteData.load(a.content))
    fields: Counter[tuple[str, str]] = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        base = extract(extractor, text)
        for name in names:
            got = extract(extractor, table[name](text))
            diff = {k: (base[k], got[k]) for k in base if base[k] != got[k]}
            for k in diff:
                fields[name, k] += 1
            shown = {k: v for k, v in diff.items() if k != "title"}
            if shown and not a.quiet:
                print(f"{name:6} {path.name}: {shown}")
    print(f"{len(files)} files, changes: {', '.join(names)}")
    for name in names:
        title = fields[name, "title"]
        other = {k: n for (c, k), n in sorted(fields.items()) if c == name and k != "title"}
        print(f"  {name:6} titles changed {title:4}   other fields: "
              f"{', '.join(f'{k} {n}' for k, n in other.items()) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
