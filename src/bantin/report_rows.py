"""The build report's two files, written with the unchanged rows of the last report copied over.

build-report.json and build-report.html list every input file, an entry a line (a table row): 11 MB
for 10,000 files, made again after every build although a rebuild changes few entries. So the
entries are cut into runs and each run is known by the ``fingerprint`` of its entries' values; a
run the last report also had is copied out of the last report's files by the kernel
(``write.Span``), the others are encoded. A run ends after an entry whose path hashes to 0 modulo
``RUN``: a file added or removed changes its own run only, not the cut of every later one.

A small memo (kept in the build cache folder) says where each run lies in the two files. They are
read from only while their stamps (device, inode, size, modification time) are the ones the memo
recorded when they were written, and while the code that made their bytes (the package's, and
Python's version) is the same: a report edited, replaced or moved since is not read from. Either
way the bytes written are those a report made afresh has.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .report_html import page_parts, rows_html
from .write import Span, atomic_file, file_stamp, put_file

RUN = 64          # entries in a run, on average
MAX_RUN = 512     # a run is cut here too, whatever the paths hash to
MEMO_FORMAT = 1


@dataclass
class ReportMemo:
    """Where the runs of the last report lie in its two files."""

    env: tuple                       # ``_env()``: what the bytes of an entry depend on besides its values
    json: tuple[str, tuple]          # build-report.json's absolute path and ``write.Stamp``
    html: tuple[str, tuple]          # build-report.html's
    # run fingerprint -> (offset, length) in the JSON file, (offset, length) in the HTML file
    runs: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


def _env() -> tuple:
    from .cache import code_hash

    return (MEMO_FORMAT, code_hash(), sys.version)


def run_bounds(files: list) -> list[tuple[int, int]]:
    """The runs of ``files`` as (start, end) index pairs, covering them all in order."""
    ends = [i + 1 for i, f in enumerate(files)
            if zlib.crc32(f.path.encode("utf-8", "surrogatepass")) % RUN == 0]
    if not ends or ends[-1] != len(files):
        ends.append(len(files))
    bounds = []
    start = 0
    for end in ends:
        while end - start > MAX_RUN:
            bounds.append((start, start + MAX_RUN))
            start += MAX_RUN
        bounds.append((start, end))
        start = end
    return bounds


def run_keys(files: list, bounds: list[tuple[int, int]]) -> list[str]:
    """Each run's fingerprint: equal for runs of equal entries (the same fields, same values)."""
    from .cache import fingerprint

    return [fingerprint(list(map(vars, files[s:e]))) for s, e in bounds]


def load_memo(memo_path: Path | None) -> ReportMemo | None:
    """The memo of the last report, when there is one made by this code."""
    if memo_path is None:
        return None
    try:
        with open(memo_path, "rb") as fh:
            memo = pickle.load(fh)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - a missing, old or damaged memo only means nothing is reused
        return None
    if not isinstance(memo, ReportMemo) or memo.env != _env():
        return None
    return memo


def _open_if_unchanged(path: Path, known: tuple[str, tuple]) -> int | None:
    """A descriptor of the report file at ``path`` when it is the one the memo knows, else None."""
    if os.path.abspath(path) != known[0]:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if tuple(file_stamp(os.fstat(fd))) == tuple(known[1]):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


class _Pieces:
    """The pieces of one file being put together (bytes, and spans of the last report's file),
    with the position each run lands at. Adjacent spans are merged: one copy for a long stretch."""

    def __init__(self, old_fd: int | None) -> None:
        self.old_fd = old_fd
        self.pieces: list = []
        self.pos = 0

    def add(self, data: bytes | memoryview) -> None:
        self.pieces.append(data)
        self.pos += len(data)

    def copy(self, offset: int, length: int) -> None:
        """Append ``length`` bytes of the last report's file from ``offset``."""
        if self.copied_up_to(offset):
            last = self.pieces[-1]
            self.pieces[-1] = Span(last.fd, last.offset, last.length + length)
        else:
            self.pieces.append(Span(self.old_fd, offset, length))
        self.pos += length

    def copied_up_to(self, offset: int) -> bool:
        """Whether the last piece is a copy that ends at ``offset`` of the last report's file."""
        last = self.pieces[-1] if self.pieces else None
        return type(last) is Span and last.offset + last.length == offset


def write_report_files(report, path: Path, by_kind: dict[str, int], memo_path: Path | None = None) -> None:
    """Write ``path`` (build-report.json) and build-report.html beside it, each replaced whole.

    ``memo_path``: where the memo of the runs is kept; the last report's runs are reused and the
    memo replaced. Without it every row is made (the same bytes)."""
    from .pipeline import JSON_FILES_END, JSON_FILES_SEP, JSON_FILES_START, file_lines

    html_path = path.with_suffix(".html")
    files = report.files
    if memo_path is None:
        bounds, keys = ([(0, len(files))] if files else []), [""]
    else:
        bounds = run_bounds(files) if files else []
        keys = run_keys(files, bounds)
    memo = load_memo(memo_path) if bounds else None
    old_json = old_html = None
    if memo is not None:
        old_json = _open_if_unchanged(path, memo.json)
        old_html = _open_if_unchanged(html_path, memo.html) if old_json is not None else None
    old_runs = memo.runs if old_json is not None and old_html is not None else {}
    try:
        head, tail = page_parts(report, by_kind)
        js, ht = _Pieces(old_json), _Pieces(old_html)
        js.add(report.json_head(by_kind))
        js.add(JSON_FILES_START if files else b',\n "files": []\n}')
        ht.add(head.encode("utf-8"))
        sep = len(JSON_FILES_SEP)
        new_runs: dict[str, tuple[int, int, int, int]] = {}
        for n, ((start, end), key) in enumerate(zip(bounds, keys)):
            old = old_runs.get(key)
            if n:
                if old is not None and js.copied_up_to(old[0] - sep):
                    js.copy(old[0] - sep, sep)   # the separator the last report has there
                else:
                    js.add(JSON_FILES_SEP)
            j0, h0 = js.pos, ht.pos
            if old is not None:
                js.copy(old[0], old[1])
                ht.copy(old[2], old[3])
            else:
                js.add(file_lines(files[start:end]))
                ht.add(rows_html(files[start:end]).encode("utf-8"))
            new_runs[key] = (j0, js.pos - j0, h0, ht.pos - h0)
        if files:
            js.add(JSON_FILES_END)
        ht.add(tail.encode("utf-8"))
        path.parent.mkdir(parents=True, exist_ok=True)
        json_stamp = put_file(path, js.pieces)
        html_stamp = put_file(html_path, ht.pieces)
    finally:
        for fd in (old_json, old_html):
            if fd is not None:
                os.close(fd)
    if memo_path is not None:
        _save_memo(memo_path, ReportMemo(_env(), (os.path.abspath(path), tuple(json_stamp)),
                                         (os.path.abspath(html_path), tuple(html_stamp)), new_runs))


def _save_memo(memo_path: Path, memo: ReportMemo) -> None:
    """Write the memo into its folder (the build cache), when that folder exists: a ``check`` of
    a tree never built leaves no cache behind."""
    try:
        with atomic_file(memo_path) as fh:
            pickle.dump(memo, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass   # the report is written; the next one is only made whole again
