"""``build.py new FILE.txt``: write a sidecar pre-filled with what extraction found.

The editor corrects the values; on the next build the sidecar's fields win over extraction.
Fields the editor does not need to change can simply be deleted from the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HEADER = """\
# Corrections for {name}: every field here wins over what extraction finds.
# Delete the fields that are right; fix the others. Dates are YYYY-MM-DD.
# Fields: title, slug, date, time, year, retrieved, outlet, byline, byline_role, genre,
#         primary_locality, credit_outlet, localities, directives, draft (true: not published).
# localities and directives replace the lists extraction finds: they stay commented out below
# until you mean to fix them. Extracted values at the time of writing:
"""


def sidecar_fields(rec) -> dict:
    """The correctable fields of a record, in the sidecar's format."""
    out: dict = {"title": rec.title}
    if rec.date:
        out["date"] = rec.date
    elif rec.year:
        out["year"] = rec.year
    if rec.time:
        out["time"] = rec.time
    if rec.retrieved:
        out["retrieved"] = rec.retrieved
    if rec.outlet:
        out["outlet"] = rec.outlet.key
    if rec.byline:
        out["byline"] = rec.byline.name
        out["byline_role"] = rec.byline.role
    if rec.credit_outlet:
        out["credit_outlet"] = rec.credit_outlet
    out["genre"] = rec.genre
    if rec.primary_locality:
        out["primary_locality"] = rec.primary_locality
    return out


def listed_fields(rec) -> str:
    """The lists a sidecar may replace, as extraction found them (YAML, to be commented out):
    the places named (not the units implied) and the directives, by key."""
    places = [x.key for x in rec.localities if x.mentions] or [x.key for x in rec.localities]
    lists = {"localities": places, "directives": [d.key for d in rec.directives]}
    return yaml.safe_dump(lists, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)


def write_sidecar(args) -> int:
    from .config import DataError, SiteData
    from .extract import Extractor
    from .reader import read_file, sidecar_of

    path: Path = args.file
    if not path.is_file() or path.suffix.lower() not in (".txt", ".md"):
        print(f"error: {path}: expected an existing .txt or .md article", file=sys.stderr)
        return 2
    target = sidecar_of(path) or path.with_suffix(".yaml")   # an existing one, whatever its case or form
    if target.exists() and not args.force:
        print(f"error: {target} exists; use --force to overwrite it", file=sys.stderr)
        return 2
    try:
        data = SiteData.load(args.content)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    doc = read_file(path, str(path), content=args.content)
    if not doc.ok:
        print(f"error: {path}: {'; '.join(str(p) for p in doc.problems)}", file=sys.stderr)
        return 1
    doc.overrides = {}  # show what extraction itself finds, not the old sidecar
    rec = Extractor.from_data(data).extract(doc)
    body = yaml.safe_dump(sidecar_fields(rec), allow_unicode=True, sort_keys=False, width=100)
    body += "".join(f"# {line}\n" for line in listed_fields(rec).splitlines())
    notes = "".join(f"#   warning: {w}\n" for w in rec.warnings)
    target.write_text(HEADER.format(name=path.name) + notes + body, encoding="utf-8")
    print(f"wrote {target}")
    return 0
