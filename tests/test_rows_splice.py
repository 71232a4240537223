"""records.json/csv on a rebuild: the rows of the changed articles are encoded again and every
other byte is copied out of the last build's file by the kernel (``render.OldRows``), never read
whole; the result is the clean build's, byte for byte. A file that is not exactly the one the last
build wrote is encoded in full."""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest

from test_incremental import _opts, add_to_lead, assert_same_tree, clean_build, workspace  # noqa: F401 - a fixture

from bantin import write
from bantin.pipeline import Builder
from bantin.render import OldRows
from bantin.textstore import PREFIX as TEXT_FILE_PREFIX

ROWS = ("records.json", "records.csv")


def _build(workspace, live: bool = False):
    opts = _opts(*workspace)
    opts.live = live
    report = Builder(opts).build()
    assert report.error is None
    return report


def _by_row(workspace) -> list:
    """The article files in records.json's row order (by slug)."""
    content, _, tmp = workspace
    return [content / "articles" / r["path"] for r in json.loads((tmp / "public" / "records.json").read_bytes())]


@pytest.fixture
def spy(monkeypatch):
    """What rebuilds did with the records files: per table whether the old file was spliced, the
    bytes copied by the kernel and the bytes read back from them by ``os.pread``."""
    seen = {"spliced": [], "copied": 0, "read": 0}
    splice, copy, pread = OldRows.splice, write.copy_range, os.pread

    def spy_splice(self, table, *args):
        out = splice(self, table, *args)
        seen["spliced"].append((table, out is not None))
        return out

    def spy_copy(src, dst, offset, length):
        seen["copied"] += length
        return copy(src, dst, offset, length)

    def spy_pread(fd, n, offset):
        data = pread(fd, n, offset)
        # not the records cache's text file, which holds each record's pickle and text
        if not os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(TEXT_FILE_PREFIX):
            seen["read"] += len(data)
        return data

    monkeypatch.setattr(OldRows, "splice", spy_splice)
    monkeypatch.setattr(write, "copy_range", spy_copy)
    monkeypatch.setattr(os, "pread", spy_pread)
    return seen


def _same_as_clean(workspace, name: str) -> None:
    content, templates, tmp = workspace
    clean_build(content, templates, tmp / name)
    for f in ROWS:
        assert (tmp / "public" / f).read_bytes() == (tmp / name / f).read_bytes(), f
    assert_same_tree(tmp / "public", tmp / name)


def test_splice_equals_the_clean_build_after_each_edit(workspace, spy):
    """One article, several, the first row and the last, one after another: each rebuild
    splices the file the one before it wrote, copying nearly all of it and reading back only
    the changed rows."""
    _build(workspace)
    files = _by_row(workspace)
    steps = {"one": [files[17]], "several": [files[3], files[11], files[12], files[30]],
             "first": [files[0]], "last": [files[-1]], "first-and-last": [files[0], files[-1]]}
    for n, (name, victims) in enumerate(steps.items()):
        sizes = sum((workspace[2] / "public" / f).stat().st_size for f in ROWS)
        spy.update(spliced=[], copied=0, read=0)
        for v in victims:
            add_to_lead(v, f"Câu thêm vào ở bước {n}, có “ngoặc kép”, dấu phẩy và\u00a0khoảng trắng.")
        report = _build(workspace)
        assert report.extracted == len(victims)
        assert sorted(spy["spliced"]) == [("csv", True), ("json", True)], name
        assert spy["copied"] > 0.7 * sizes, name
        assert spy["read"] < 0.2 * sizes, name   # the changed rows only, never the whole file
        assert set(ROWS) <= set(report.written_paths)
        _same_as_clean(workspace, f"clean-{name}")


def _write_rows(out, name, pieces, **kw):
    """Write one records file as the pipeline does; its page map entry."""
    from bantin.cache import file_entry

    with write.SiteWriter(out, **kw) as w:
        entry = file_entry(w.write_pieces(name, pieces), pieces.index)
    return entry, w.stats


@pytest.mark.parametrize("name", ROWS)
def test_splice_of_records_in_memory(tmp_path, name):
    """The splice without a pipeline: a changed row, rows changed back, and rows that encode as
    before (the file is then kept, its inode and time too)."""
    import dataclasses

    from test_catalog import make_records

    from bantin.render import records_csv, records_csv_chunks, records_json, records_json_chunks

    def chunks(recs, memo=None):
        return (records_json_chunks(recs, memo) if name.endswith(".json")
                else records_csv_chunks(recs, "https://example.org/", memo))

    def whole(recs):
        return records_json(recs) if name.endswith(".json") else records_csv(recs, "https://example.org/")

    out = tmp_path / "public"
    recs = sorted(make_records(), key=lambda r: r.slug)
    entry, _ = _write_rows(out, name, chunks(recs))
    assert (out / name).read_bytes() == whole(recs)
    before = os.stat(out / name)
    for i in (0, 3, len(recs) - 1):
        edited = list(recs)
        edited[i] = dataclasses.replace(recs[i], title=recs[i].title + ", sửa \"lại\"\nhai dòng")
        for now in (edited, recs):   # the edit, then back as it was
            old = OldRows(out, {name: entry}, {edited[i].slug})
            entry, stats = _write_rows(out, name, chunks(now, old), old_paths={name}, overlay=True)
            assert (out / name).read_bytes() == whole(now)
            assert stats.written == 1
    old = OldRows(out, {name: entry}, {r.slug for r in recs})   # every row "changed", none differs
    again, stats = _write_rows(out, name, chunks(recs, old), old_paths={name}, overlay=True)
    assert (stats.written, stats.unchanged, again) == (0, 1, entry)
    st = os.stat(out / name)
    assert st.st_ino != before.st_ino and st.st_size == before.st_size
    other = recs[1:]   # other slugs: the old file's index does not fit them; all encoded
    pieces = list(chunks(other, OldRows(out, {name: entry}, set())))
    assert not any(type(p) is write.Span for p in pieces) and b"".join(pieces) == whole(other)


def _edit_in_place(p):
    data = bytearray(p.read_bytes())
    i = data.index(b"Chi", len(data) // 2)
    data[i:i + 3] = b"Xxx"           # same size, same inode: only the time tells
    p.write_bytes(bytes(data))


def _replace_keeping_time(p):
    st = p.stat()
    data = bytearray(p.read_bytes())
    i = data.index(b"Chi", len(data) // 2)
    data[i:i + 3] = b"Yyy"
    tmp = p.with_name(p.name + ".new")
    tmp.write_bytes(bytes(data))
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, p)               # same size and time: only the inode tells


def _truncate(p):
    with open(p, "r+b") as fh:
        fh.truncate(p.stat().st_size // 2)


def _delete(p):
    p.unlink()


def _symlink(p):
    copy = p.parent.parent / (p.name + ".copy")   # outside the output
    shutil.copyfile(p, copy)
    p.unlink()
    p.symlink_to(copy)


@pytest.mark.parametrize("tamper", [_edit_in_place, _replace_keeping_time, _truncate, _delete, _symlink])
@pytest.mark.parametrize("name", ROWS)
def test_a_records_file_not_as_written_is_encoded_in_full(workspace, spy, tamper, name):
    _build(workspace)
    out = workspace[2] / "public"
    victim = _by_row(workspace)[20]
    tamper(out / name)
    add_to_lead(victim, "Thêm một câu, có “ngoặc kép” và dấu phẩy.")
    spy.update(spliced=[])
    _build(workspace)
    table = "json" if name.endswith(".json") else "csv"
    # a size that changed (or a file that is gone) makes the whole site build again; otherwise
    # only the tampered file is encoded in full, the other one still spliced
    assert (table, True) not in spy["spliced"]
    if tamper in (_edit_in_place, _replace_keeping_time):
        assert sorted(spy["spliced"]) == sorted([(table, False), ("csv" if table == "json" else "json", True)])
    _same_as_clean(workspace, "clean")


@pytest.mark.parametrize("fail", [("copy_file_range",), ("copy_file_range", "sendfile")])
def test_copy_falls_back_when_the_kernel_will_not(workspace, spy, monkeypatch, fail):
    """copy_file_range refused (another file system, an old kernel, a sandbox): sendfile, then
    plain reads and writes, make the same file."""
    _build(workspace)
    calls = []

    def refusing(fn, code):
        def refuse(*args):
            calls.append(fn)
            raise OSError(code, os.strerror(code))
        return refuse

    for fn, code in zip(fail, (errno.EXDEV, errno.EINVAL)):
        monkeypatch.setattr(os, fn, refusing(fn, code), raising=False)   # (a Python may lack it)
    add_to_lead(_by_row(workspace)[5], "Câu thêm khi không sao chép được trong nhân.")
    _build(workspace)
    assert sorted(spy["spliced"]) == [("csv", True), ("json", True)]
    assert set(calls) == set(fail)
    _same_as_clean(workspace, "clean")


def test_copy_range_raises_when_the_source_is_short(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.write_bytes(b"0123456789")
    with open(src, "rb") as a, open(dst, "wb") as b:
        write.copy_range(a.fileno(), b.fileno(), 2, 5)
        with pytest.raises(OSError):
            write.copy_range(a.fileno(), b.fileno(), 8, 5)
    assert dst.read_bytes()[:5] == b"23456"


def test_the_row_index_survives_serve_and_no_change_builds(workspace, spy):
    """The files serve's ``flush`` writes, and the entries a build that changed nothing carries
    over, still let the next build splice."""
    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    opts.live = True
    serve = Builder(opts)
    serve.build()
    files = _by_row(workspace)
    add_to_lead(files[4], "Sửa trong lúc xem thử.")
    serve.build([str(files[4])])
    assert serve.pending() == set(ROWS)
    serve.flush()
    assert spy["spliced"] == []          # serve keeps its rows in memory (RowMemo)
    report = _build(workspace)           # a build command after serve: nothing changed
    assert (report.extracted, report.pages_written) == (0, 0)
    add_to_lead(files[25], "Rồi sửa bằng lệnh build.")
    _build(workspace)
    assert sorted(spy["spliced"]) == [("csv", True), ("json", True)]
    _same_as_clean(workspace, "clean")
