"""The catalog a build keeps on disk for the next build whose records have the same shape."""

from __future__ import annotations

import dataclasses
import shutil

from support import TEMPLATES, copy_content
from test_catalog import make_data, make_records
from test_incremental import add_to_lead, assert_same_tree, clean_build

import bantin.catalog as catalog_module
from bantin.catalog import build_catalog
from bantin.catalog_cache import CATALOG_FILE, load_catalog, save_catalog
from bantin.pipeline import Builder, BuildOptions


def plain(catalog) -> dict:
    """A catalog's values, with each article's record by identity."""
    d = {f.name: getattr(catalog, f.name) for f in dataclasses.fields(catalog)}
    d["articles"] = [(id(a.record),) + tuple(getattr(a, s) for s in a.__slots__ if s != "record")
                     for a in catalog.articles]
    d["records"] = [id(r) for r in catalog.records]
    d["site"] = id(catalog.site)
    return d


def test_a_kept_catalog_equals_the_one_built_and_points_to_this_builds_records(tmp_path):
    data = make_data()
    records = make_records()
    built = build_catalog(records, data)
    before = plain(built)
    save_catalog(tmp_path, built, records, "shape", "env")
    assert plain(built) == before   # the catalog saved is left as it was
    again = make_records()          # the next build's records: other objects, same shape
    kept = load_catalog(tmp_path, again, "shape", "env", data.site)
    assert plain(kept) == plain(build_catalog(again, data))
    assert all(a.record is r for a, r in zip(kept.articles, kept.records)) and kept.site is data.site


def test_a_kept_catalog_of_another_shape_or_environment_is_not_used(tmp_path):
    data, records = make_data(), make_records()
    save_catalog(tmp_path, build_catalog(records, data), records, "shape", "env")
    assert load_catalog(tmp_path, records, "other shape", "env", data.site) is None
    assert load_catalog(tmp_path, records, "shape", "other env", data.site) is None
    assert len(records) > 1 and load_catalog(tmp_path, records[:1], "shape", "env", data.site) is None
    (tmp_path / CATALOG_FILE).write_bytes(b"damaged")
    assert load_catalog(tmp_path, records, "shape", "env", data.site) is None
    assert load_catalog(tmp_path / "none", records, "shape", "env", data.site) is None


def test_a_catalog_holding_a_record_outside_its_articles_is_not_kept(tmp_path):
    data, records = make_data(), make_records()
    catalog = build_catalog(records, data)
    catalog.undated = [records[0]]   # not where the catalog keeps records
    save_catalog(tmp_path, catalog, records, "shape", "env")
    assert not (tmp_path / CATALOG_FILE).exists()
    assert all(a.record in records for a in catalog.articles) and catalog.records is not None


def test_a_fresh_build_after_a_text_edit_reads_the_kept_catalog_and_equals_a_clean_build(tmp_path, monkeypatch):
    content = copy_content(tmp_path / "content")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    opts = BuildOptions(content=content, templates=templates, output=tmp_path / "public", search=False)
    Builder(opts).build()
    assert (tmp_path / ".bantin-cache" / "public" / CATALOG_FILE).exists()

    built = []
    real = catalog_module.build_catalog
    monkeypatch.setattr(catalog_module, "build_catalog", lambda *a: built.append(1) or real(*a))
    article = sorted((content / "articles").glob("*.txt"))[0]
    add_to_lead(article, "Một câu thêm vào.")
    Builder(opts).build()          # a fresh Builder, as a new `build` command makes
    assert built == []
    clean_build(content, templates, tmp_path / "clean")
    assert_same_tree(tmp_path / "public", tmp_path / "clean")

    # a clean build does not read it
    built.clear()
    Builder(dataclasses.replace(opts, clean=True)).build()
    assert built == [1]
