"""The records cache's text file: article texts and record pickles kept on disk, out of the heap,
found again by span (``bantin.textstore``), and the cache saved and opened around it."""

from __future__ import annotations

import os
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.cache import BuildCache, CachedRecord
from bantin.model import Block, PackedBlocks, Problem, Record
from bantin.textstore import TextStore, TextStoreError, remove_other_stores


def _record(path: str, text: str) -> Record:
    blocks = PackedBlocks([Block("lead", f"Sáng 7/6, {text}."), Block("paragraph", text * 3)])
    return Record(path, path.removesuffix(".txt"), f"Tiêu đề {text}", date="2019-05-24", blocks=blocks)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.binary(max_size=3000), st.booleans()), max_size=40))
def test_spans_read_back_what_was_added_whenever_the_batch_is_written(tmp_path_factory, pieces):
    store = TextStore.create(tmp_path_factory.mktemp("store"))
    spans = []
    for data, flush_now in pieces:
        spans.append((store.add(data), data))
        if flush_now:
            store.flush()
    # a read writes what is still pending first, so every offset is final
    assert [span.read() for span, _ in spans] == [data for _, data in spans]
    assert store.size == os.path.getsize(store.path) == sum(len(d) for d, _ in pieces)


def test_two_stores_appending_to_one_file_do_not_overwrite_each_other(tmp_path):
    # a serve and a build sharing a cache folder: each appends at the file's end under a lock
    first = TextStore.create(tmp_path)
    second = TextStore.open(tmp_path, first.name, 0)
    a = [first.add(f"một {i}".encode()) for i in range(50)]
    b = [second.add(f"hai {i}".encode()) for i in range(50)]
    first.flush()
    second.flush()
    more = first.add(b"ba")
    assert [s.read() for s in a] == [f"một {i}".encode() for i in range(50)]
    assert [s.read() for s in b] == [f"hai {i}".encode() for i in range(50)]
    assert more.read() == b"ba"


def test_open_refuses_what_is_not_one_of_its_files(tmp_path):
    store = TextStore.create(tmp_path)
    store.add(b"x" * 10)
    store.flush()
    assert TextStore.open(tmp_path, store.name, 10) is not None
    assert TextStore.open(tmp_path, store.name, 11) is None            # shorter than when saved
    assert TextStore.open(tmp_path, "texts-missing.bin", 0) is None
    assert TextStore.open(tmp_path, "../" + store.name, 0) is None     # never outside the folder
    assert TextStore.open(tmp_path, "records.pickle", 0) is None
    assert TextStore.open(tmp_path, store.name, -1) is None
    (tmp_path / "texts-link.bin").symlink_to(store.path)
    assert TextStore.open(tmp_path, "texts-link.bin", 0) is None      # not through a link


def test_a_span_past_the_end_says_which_file(tmp_path):
    store = TextStore.create(tmp_path)
    span = store.add(b"abc")
    store.flush()
    os.truncate(store.path, 1)
    with pytest.raises(TextStoreError, match=store.name):
        span.read()


KINDS = st.sampled_from(["lead", "paragraph", "heading", "caption", "question", "answer"])
TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=60)
BLOCKS = st.lists(st.builds(Block, KINDS, TEXT, st.none() | TEXT), max_size=10)


@settings(max_examples=80, deadline=None)
@given(BLOCKS, st.booleans())
def test_blocks_read_the_same_from_a_text_file_or_from_bytes_sent_apart(tmp_path_factory, blocks, flush):
    """Spilled to a text file, or pickled without their text and given it back (an extraction
    worker's way), blocks give the same blocks, lead and pickle as when they were made."""
    from bantin.model import pickle_textless

    made = Record("a.txt", "a", "A", blocks=PackedBlocks(blocks))
    store = TextStore.create(tmp_path_factory.mktemp("store"))
    spilled = Record("a.txt", "a", "A", blocks=PackedBlocks(blocks))
    spilled.blocks.spill(store)
    if flush:
        store.flush()
    sent = pickle.loads(pickle_textless(made))
    sent.blocks.attach(made.blocks.stored())
    for rec in (spilled, sent):
        assert list(rec.blocks) == blocks and rec.blocks == made.blocks
        assert rec.lead == made.lead
        assert list(pickle.loads(pickle.dumps(rec)).blocks) == blocks
        assert pickle.loads(pickle.dumps(rec)).lead == made.lead


def test_a_store_is_not_pickled_but_spilled_blocks_are_pickled_with_their_text(tmp_path):
    store = TextStore.create(tmp_path)
    rec = _record("a.txt", "Quận ủy Quận 10")
    before = list(rec.blocks)
    rec.blocks.spill(store)
    assert rec.blocks.span is not None and rec.blocks.span.store is store
    again = pickle.loads(pickle.dumps(rec))
    assert again.blocks.span is None and list(again.blocks) == before == list(rec.blocks)
    with pytest.raises(TypeError):
        pickle.dumps(store)


def _save(folder, records):
    cache = BuildCache(folder, "env")
    cache.save_records(records)
    return cache


def test_saved_records_open_with_their_texts_and_no_text_in_the_heap(tmp_path):
    records = {f"{i}.txt": CachedRecord(f"d{i}", f"k{i}", _record(f"{i}.txt", f"Đà Nẵng {i}"), f"s{i}")
               for i in range(30)}
    records["bad.txt"] = CachedRecord("db", "kb", Problem("unreadable", "hỏng"))
    expected = {p: (c.result.title, list(c.result.blocks)) for p, c in records.items() if isinstance(c.result, Record)}
    _save(tmp_path, records)
    opened = BuildCache.open(tmp_path, "env", "render")
    assert set(opened.records) == set(records)
    assert opened.records["bad.txt"].result == Problem("unreadable", "hỏng")
    for path, (title, blocks) in expected.items():
        c = opened.records[path]
        assert (c.digest, c.body_key, c.shape) == (records[path].digest, records[path].body_key, records[path].shape)
        assert c.result.title == title and list(c.result.blocks) == blocks
        assert c.result.blocks.span.store is opened.texts and c.blob.store is opened.texts
    assert opened.records["3.txt"].digest == "d3" and opened.records["3.txt"].shape == "s3"
    # another environment (code or data changed) opens empty
    assert BuildCache.open(tmp_path, "other", "render").records == {}


@pytest.mark.parametrize("damage", ["delete", "truncate", "garble"])
def test_a_damaged_text_file_empties_the_cache_instead_of_giving_wrong_records(tmp_path, damage):
    records = {f"{i}.txt": CachedRecord(f"d{i}", "k", _record(f"{i}.txt", f"Huế {i}")) for i in range(5)}
    cache = _save(tmp_path, records)
    path = cache.texts.path
    if damage == "delete":
        path.unlink()
    elif damage == "truncate":
        os.truncate(path, 10)
    else:
        path.write_bytes(b"\0" * path.stat().st_size)
    assert BuildCache.open(tmp_path, "env", "render").records == {}


def test_edits_append_and_a_mostly_stale_file_is_written_anew(tmp_path):
    records = {f"{i}.txt": CachedRecord(f"d{i}", "k", _record(f"{i}.txt", f"Cần Thơ {i}")) for i in range(20)}
    cache = _save(tmp_path, records)
    first = cache.texts.name
    for round_ in range(400):   # each round "edits" every article: its old text becomes garbage
        records = {p: CachedRecord(c.digest + "x", "k", _record(p, f"Cần Thơ {p} {round_}"))
                   for p, c in records.items()}
        cache = BuildCache.open(tmp_path, "env", "render")
        cache.save_records(records)
        live = sum(c.blob.length + c.result.blocks.span.length for c in records.values())
        assert cache.texts.size <= 2 * live + (1 << 20) + live
    assert cache.texts.name != first   # written anew at least once
    assert [n for n in os.listdir(tmp_path) if n.startswith("texts-")] == [cache.texts.name]
    opened = BuildCache.open(tmp_path, "env", "render")
    assert list(opened.records["7.txt"].result.blocks)[1].text == "Cần Thơ 7.txt 399" * 3


def test_remove_other_stores_keeps_the_named_one_and_other_files(tmp_path):
    keep, old = TextStore.create(tmp_path), TextStore.create(tmp_path)
    (tmp_path / "records.pickle").write_bytes(b"")
    remove_other_stores(tmp_path, keep.name)
    assert sorted(os.listdir(tmp_path)) == sorted([keep.name, "records.pickle"])
    assert not old.path.exists()


def _with_warning(path: str, text: str) -> Record:
    r = _record(path, text)
    r.warnings = [Problem("no-byline", "no byline found")]
    return r


def test_opened_records_are_read_whole_only_when_a_field_past_the_report_is_asked_for(tmp_path):
    import copy

    from bantin.model import LazyRecord

    originals = {f"{i}.txt": _with_warning(f"{i}.txt", f"Quảng Nam {i}") for i in range(6)}
    _save(tmp_path, {p: CachedRecord(f"d{p}", "k", r) for p, r in originals.items()})
    opened = BuildCache.open(tmp_path, "env", "render").records
    lazy = opened["2.txt"].result
    assert type(lazy) is LazyRecord and not lazy.loaded
    # what ``collect`` reads of every record is there without reading the pickle
    assert (lazy.path, lazy.slug, lazy.title, lazy.encoding) == ("2.txt", "2", "Tiêu đề Quảng Nam 2", "utf-8")
    assert lazy.warnings == [Problem("no-byline", "no byline found")] and not lazy.loaded
    assert lazy.draft is False and not lazy.loaded   # (``collect`` holds drafts back)
    # ``collect`` itself reads no pickle: a no-change build of 10,000 articles would read them all
    from bantin.model import SourceDocument
    from bantin.pipeline import BuildReport, collect

    results = {p: c.result for p, c in opened.items()}
    docs = [SourceDocument(p, digest=f"d{p}", cached=True) for p in sorted(results)]
    records = collect(docs, results, BuildReport(), {p: f"key{p}" for p in results})
    assert len(records) == 6 and not any(r.loaded for r in results.values() if r is not lazy)
    # a copy made before (``collect`` gives it its slug) reads the same pickle, on its own
    moved = copy.copy(lazy)
    moved.slug = "2-2"
    assert type(moved) is LazyRecord and not moved.loaded and lazy.slug == "2"
    assert lazy.date == "2019-05-24" and not lazy.loaded   # (eager too: slugs are numbered by date)
    assert lazy.date_basis == originals["2.txt"].date_basis and lazy.loaded and not moved.loaded
    assert list(moved.blocks) == list(originals["2.txt"].blocks) and moved.slug == "2-2"
    # equal to the record it was saved from, either way round; pickled, a plain record
    assert lazy == originals["2.txt"] and originals["2.txt"] == lazy
    assert opened["3.txt"].result == originals["3.txt"]
    back = pickle.loads(pickle.dumps(opened["4.txt"].result))
    assert type(back) is Record and back == originals["4.txt"]
    assert copy.copy(lazy) == lazy and type(copy.copy(lazy)) is Record   # read already: a plain copy
    with pytest.raises(AttributeError):
        lazy.no_such_field


def test_records_not_read_yet_follow_their_pickles_and_texts_to_a_new_text_file(tmp_path):
    originals = {f"{i}.txt": _record(f"{i}.txt", f"Phú Yên {i}") for i in range(8)}
    _save(tmp_path, {p: CachedRecord(f"d{p}", "k", r) for p, r in originals.items()})
    cache = BuildCache.open(tmp_path, "env", "render")
    first = cache.texts.name
    cache.texts.add(b"\0" * (3 << 20))   # stale bytes, more than the records: the file is written anew
    records = dict(cache.records)
    originals["0.txt"] = _record("0.txt", "Phú Yên, sửa lại")   # an edit: the records are saved again
    records["0.txt"] = CachedRecord("d-new", "k", originals["0.txt"])
    unread = records["5.txt"].result
    cache.save_records(records)
    assert cache.texts.name != first and not os.path.exists(tmp_path / first)
    assert not unread.loaded and unread.source[0].store is cache.texts and unread.source[1].store is cache.texts
    assert unread == originals["5.txt"]
    reopened = BuildCache.open(tmp_path, "env", "render").records
    assert {p: c.result for p, c in reopened.items()} == originals


def test_a_record_pickle_damaged_after_opening_says_so_when_read(tmp_path):
    records = {"a.txt": CachedRecord("d", "k", _record("a.txt", "Gia Lai"))}
    _save(tmp_path, records)
    cache = BuildCache.open(tmp_path, "env", "render")
    lazy = cache.records["a.txt"].result
    span = lazy.source[0]
    with open(span.store.path, "r+b") as fh:   # another program writes into the pickle
        fh.seek(span.offset + 2)
        fh.write(b"\xff" * (span.length - 3))
    with pytest.raises(TextStoreError, match="a.txt.*--clean"):
        lazy.date_basis
