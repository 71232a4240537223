"""The last build's catalog, kept on disk for the next build whose records have the same shape.

A rebuild after an edit to an article's text has records of the same shape as the last build's
(``pipeline.shape_key``: every field the catalog reads): its catalog is the last one with only
the records it points to replaced. ``serve`` keeps that catalog in memory; a fresh ``build``
command reads it from here, which costs a third of building it again (10,000 articles).

The file holds the catalog without its records (each article's record is its index in the
build's record list, whose order the shape fixes), under the catalog shape and the render
environment (code, data files, templates) it was made with: a catalog of another shape or
environment is never read back.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .model import LazyRecord, Record

CATALOG_FILE = "catalog.pickle"
FORMAT = 1


def save_catalog(folder: Path, catalog: Catalog, records: list[Record], shape: str, render_env: str) -> None:
    """Write ``catalog`` (made from ``records``) for a later build with this shape and environment."""
    from .write import atomic_file

    position = {id(r): i for i, r in enumerate(records)}
    linked, site = catalog.records, catalog.site
    try:
        # pickled without its records (and the site settings, which the data files give)
        for a in catalog.articles:
            a.record = position[id(a.record)]
        catalog.records, catalog.site = None, None
        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
        # a record met anywhere else: nothing kept (the table goes by exact type)
        pickler.dispatch_table = {Record: _no_record, LazyRecord: _no_record}
        pickler.dump((FORMAT, shape, render_env, catalog))
        blob = buf.getvalue()
    except TypeError:
        return
    finally:
        for a in catalog.articles:
            if type(a.record) is int:
                a.record = records[a.record]
        catalog.records, catalog.site = linked, site
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_file(folder / CATALOG_FILE, mode=0o600) as fh:
            fh.write(blob)
    except OSError:
        pass   # only the next build's catalog is made again


def _no_record(record: Record):
    raise TypeError(f"the catalog holds the record of {record.path} outside its articles")


def load_catalog(folder: Path, records: list[Record], shape: str, render_env: str, site: Any) -> Catalog | None:
    """The catalog kept for records of this ``shape`` in this environment, pointing to ``records``;
    None when there is none (or it is unreadable)."""
    try:
        with open(folder / CATALOG_FILE, "rb") as fh:
            kept = pickle.load(fh)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - missing, damaged or from other code: it is made again
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[:3] == (FORMAT, shape, render_env)):
        return None
    catalog = kept[3]
    if not isinstance(catalog, Catalog):
        return None
    try:
        for a in catalog.articles:
            a.record = records[a.record]
    except (IndexError, TypeError):   # not the records it was made from (a damaged file)
        return None
    catalog.records = [a.record for a in catalog.articles]
    catalog.site = site
    return catalog
