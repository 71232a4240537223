"""Article texts kept in a file beside the cache, out of the Python heap.

A build holds every record from extraction until its pages are written, in the parent and in
each forked render worker. Most of a record is its text (``model.PackedBlocks``: 3.4 kB of
compressed UTF-8 in a 7 kB record), which is read only two or three times (the article page,
records.json, records.csv). Held as ``bytes``, it cost every process that touched the record a
copy of its pages (reference counts are writes, so fork's sharing did not last), and at 100,000
articles more than the rest of the build together.

So the extraction results' texts are appended to a file and each record keeps a ``TextSpan``:
where its bytes lie. Reading one back is one ``pread`` from the page cache (a few µs), safe in
forked workers since it does not move a shared file offset. The records cache keeps each
record's pickle (without its text) in the same file: ``records.pickle`` is only their index, and
names the file and its valid length (see ``cache.BuildCache``). A file is only appended to; an
interrupted build leaves bytes no record points to, and a build that finds more garbage than
text writes a new file.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import secrets
from pathlib import Path

PREFIX, SUFFIX = "texts-", ".bin"
_FLUSH_AT = 1 << 20   # appended bytes are written in pieces of about this size


class TextStoreError(OSError):
    """The text file no longer holds what a record points to (changed by another program)."""


class TextStore:
    """An append-only file of byte strings, each found again by its ``TextSpan``."""

    def __init__(self, path: Path, fd: int, size: int):
        self.path = path
        self.name = path.name
        self._fd = fd
        self.size = size   # the file's length after this process's last write (or when opened)
        self._pending: list[bytes] = []          # appended, not written yet
        self._pending_spans: list[TextSpan] = []   # their spans, offsets from the batch's start
        self._pending_size = 0

    @classmethod
    def create(cls, folder: Path) -> "TextStore":
        """A new, empty file in ``folder`` under a fresh name."""
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            path = folder / f"{PREFIX}{secrets.token_hex(8)}{SUFFIX}"
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                continue
            return cls(path, fd, 0)

    @classmethod
    def open(cls, folder: Path, name: str, size: int) -> "TextStore | None":
        """The file ``name`` in ``folder``, which the saved records point into up to ``size``;
        None when it is missing, shorter, or not one of ours."""
        if not (isinstance(name, str) and name.startswith(PREFIX) and name.endswith(SUFFIX)
                and "/" not in name and isinstance(size, int) and size >= 0):
            return None
        path = folder / name
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            if os.fstat(fd).st_size < size:
                os.close(fd)
                return None
        except OSError:
            os.close(fd)
            return None
        return cls(path, fd, size)

    def add(self, data: bytes) -> "TextSpan":
        """Append ``data``; its span. The offset is final once the batch is written (``flush``)."""
        span = TextSpan(self, self._pending_size, len(data))
        self._pending.append(data)
        self._pending_spans.append(span)
        self._pending_size += len(data)
        if self._pending_size >= _FLUSH_AT:
            self.flush()
        return span

    def flush(self) -> None:
        """Write the appended batch at the end of the file. Done before render workers fork
        (each would write it again) and before any read.

        The end is the file's own, taken under a lock: another build using the same cache folder
        at the same time (a ``serve`` and a ``build``) may append to the same file."""
        if not self._pending:
            return
        data = b"".join(self._pending)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            base = os.fstat(self._fd).st_size
            view, at = memoryview(data), base
            while view:
                n = os.pwrite(self._fd, view, at)
                at += n
                view = view[n:]
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        for span in self._pending_spans:
            span.offset += base
        self._pending, self._pending_spans, self._pending_size = [], [], 0
        self.size = at

    @property
    def pending_size(self) -> int:
        """Bytes appended and not written yet."""
        return self._pending_size

    def read(self, offset: int, length: int) -> bytes:
        data = os.pread(self._fd, length, offset)
        if len(data) != length:
            raise TextStoreError(f"{self.path}: {length} bytes expected at {offset}, found {len(data)} "
                                 f"(the file was changed by another program; build with --clean)")
        return data

    def framed(self, spans: list[tuple[int, int]], head: bytes, tail: bytes) -> bool:
        """Whether each (offset, length) in ``spans`` lies in the written file, starts with
        ``head`` and ends with ``tail``: a quick look (two bytes or so of each, through a map of
        the file) that the index and the file still belong together, before anything is read."""
        self.flush()
        if not spans:
            return True
        try:
            with mmap.mmap(self._fd, 0, prot=mmap.PROT_READ) as view:
                end, h, t = len(view), len(head), len(tail)
                for offset, length in spans:
                    if (offset < 0 or length < h + t or offset + length > end
                            or view[offset:offset + h] != head or view[offset + length - t:offset + length] != tail):
                        return False
        except (OSError, ValueError):
            return False
        return True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self):
        try:
            self.close()
        except OSError:
            pass

    def __getstate__(self):
        raise TypeError("a TextStore is a process's open file: pickle the bytes, not the store")


class TextSpan:
    """Where one byte string lies in a ``TextStore``."""

    __slots__ = ("store", "offset", "length")

    def __init__(self, store: TextStore, offset: int, length: int):
        self.store, self.offset, self.length = store, offset, length

    def read(self) -> bytes:
        return self._written_store().read(self.offset, self.length)

    def tail(self, size: int) -> bytes:
        """The last ``size`` bytes of the span."""
        return self._written_store().read(self.offset + self.length - size, size)

    def _written_store(self) -> TextStore:
        store = self.store
        if store._pending:
            store.flush()   # this span's offset may not be final yet
        return store


def remove_other_stores(folder: Path, keep: str | None) -> None:
    """Delete the text files in ``folder`` but ``keep`` (a process still reading one keeps it open)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(PREFIX) and name.endswith(SUFFIX) and name != keep:
            try:
                os.unlink(folder / name)
            except OSError:
                pass
