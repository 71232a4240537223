"""Write stage: put rendered pages into the output folder, atomically.

Pages are written into a fresh staging folder beside the output (``.public.tmp-PID-XXXX``); only
when every page is written is the staging folder swapped in for the old output. A build that fails
or is interrupted removes its staging folder and leaves the previous output exactly as it was.

The swap is one ``renameat2(RENAME_EXCHANGE)`` call on Linux, so there is no instant at which
``public/`` is missing or half old, half new; elsewhere (or on file systems without it) it falls
back to two ``rename`` calls. The swap runs with SIGINT/SIGTERM blocked: a signal that arrives
before the commit point cancels the swap (the staging folder is removed and the signal is then
delivered); one that arrives during the swap is delivered just after it. Folders left by a build
that was killed outright (SIGKILL, power loss) are named after its process id and swept by the
next build; if such a build died between the two renames of the fallback, the old output is put
back.

Unchanged pages are hard-linked from the previous output instead of written again, so a rebuild
costs little I/O when few pages changed and ``mtime`` stays meaningful for rsync-style publishing.

An incremental build (``overlay=True``: the previous output and its file list are known, from
the build cache or listed from disk) stages only the pages that changed. When they are few, the
commit moves each of them into the output with one ``rename`` (each file is replaced
atomically, and the commit runs with signals deferred), deletes the pages that are gone, and
leaves the rest of the tree alone: a one-page edit costs one rename, not a new tree of links.
When many pages changed, the unchanged ones are linked into the staging folder and the whole
tree is swapped as above. Folders named in
``whole_dirs`` (the search bundle) are always replaced as a unit: the staged one, or none.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple

from .signals import pending, signals_deferred

MAX_SEGMENT_BYTES = 255   # longest file name most file systems accept


class UnsafePath(ValueError):
    """A page path that would leave the output folder."""


# a backslash or a control character anywhere in a path
_BAD_PATH_CHAR = re.compile(r"[\\\x00-\x1f\x7f]")


def checked_relpath(path: str) -> str:
    """``path`` itself when ``safe_relpath`` accepts it (the POSIX form of an accepted path is the
    path as given); raises UnsafePath otherwise. String checks only: it runs once per page."""
    if (not path or path[0] == "/" or _BAD_PATH_CHAR.search(path) is not None
            or (len(path) >= 2 and path[1] == ":")):
        raise UnsafePath(f"refused output path {path!r}")
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        raise UnsafePath(f"refused output path {path!r}")
    # (a path of at most 63 characters has no segment of more than 255 bytes)
    if len(path) > MAX_SEGMENT_BYTES // 4 and any(len(part.encode("utf-8")) > MAX_SEGMENT_BYTES for part in parts):
        raise UnsafePath(f"refused output path {path[:80]!r}...: a segment is longer than "
                         f"{MAX_SEGMENT_BYTES} bytes")
    return path


def safe_relpath(path: str) -> PurePosixPath:
    """Refuse absolute paths, '..' segments, backslashes, control characters and empty segments."""
    return PurePosixPath(checked_relpath(path))


@dataclass
class WriteStats:
    written: int = 0          # pages whose bytes changed or that are new
    unchanged: int = 0        # pages identical to the previous build (linked, not rewritten)
    removed: int = 0          # pages of the previous build that no longer exist
    paths: list[str] = field(default_factory=list)   # the changed paths, for tests and reports


# --- the atomic exchange --------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None
_renameat2_tried = False


def _get_renameat2():
    global _renameat2, _renameat2_tried
    if not _renameat2_tried:
        _renameat2_tried = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                fn = libc.renameat2
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                fn.restype = ctypes.c_int
                _renameat2 = fn
            except (OSError, AttributeError):
                _renameat2 = None
    return _renameat2


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False when the platform or file system cannot do it (the caller falls back);
    raises OSError for real failures.
    """
    fn = _get_renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Span(NamedTuple):
    """``length`` bytes of the open file ``fd`` from ``offset``: a piece for ``write_pieces`` that
    the kernel copies, never read into this process (records.json/csv rows kept from the last
    build, see ``render.OldRows``). ``fd`` stays open until the next piece is asked for."""

    fd: int
    offset: int
    length: int


class Stamp(NamedTuple):
    """What the next build knows a file it wrote by, without reading it: a rename or a link keeps
    the inode, size and modification time; a write in place changes the time, a new file the inode."""

    dev: int
    ino: int
    size: int
    mtime_ns: int


def file_stamp(st: os.stat_result) -> Stamp:
    return Stamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


# a kernel copy that fails with one of these is done the next way down (another file system,
# an old kernel, a sandbox that filters the call); anything else is a real error
_COPY_FALLBACK = frozenset({errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP,
                            errno.EPERM, errno.EBADF, errno.ENOTSOCK})


def _by_copy_file_range(src: int, dst: int, offset: int, count: int) -> int:
    fn = getattr(os, "copy_file_range", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "no copy_file_range")
    return fn(src, dst, min(count, 1 << 30), offset)


def _by_sendfile(src: int, dst: int, offset: int, count: int) -> int:
    fn = getattr(os, "sendfile", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "no sendfile")
    return fn(dst, src, offset, min(count, 1 << 30))


def _by_read(src: int, dst: int, offset: int, count: int) -> int:
    data = os.pread(src, min(count, 1 << 20), offset)
    _write_all(dst, data)
    return len(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def copy_range(src: int, dst: int, offset: int, length: int) -> None:
    """Append ``length`` bytes of ``src`` from ``offset`` at ``dst``'s position: in the kernel with
    ``copy_file_range`` (a reflink where the file system shares extents), else ``sendfile``, else
    read and write. Raises OSError when ``src`` ends first."""
    end = offset + length
    for how in (_by_copy_file_range, _by_sendfile, _by_read):
        try:
            while offset < end:
                n = how(src, dst, offset, end - offset)
                if n <= 0:
                    break   # nothing copied: the source ends here (or this way cannot tell)
                offset += n
        except OSError as e:
            if e.errno not in _COPY_FALLBACK or how is _by_read:
                raise
        if offset >= end:
            return
    raise OSError(errno.EIO, f"the file to copy from ends at byte {offset}, before byte {end}")


def _put(fd: int, pieces: Iterable[bytes | Span]) -> bool:
    """Write ``pieces`` at ``fd``'s position (bytes gathered into large writes, spans copied by
    ``copy_range``); returns whether there was a span."""
    buf: list[bytes] = []
    held = 0
    spans = False
    for piece in pieces:
        if type(piece) is Span:
            if buf:
                _write_all(fd, b"".join(buf))
                buf, held = [], 0
            copy_range(piece.fd, fd, piece.offset, piece.length)
            spans = True
        elif piece:
            buf.append(piece)
            held += len(piece)
            if held >= 1 << 20:
                _write_all(fd, b"".join(buf))
                buf, held = [], 0
    if buf:
        _write_all(fd, b"".join(buf))
    return spans


def _whole_file(span: Span, path: str) -> os.stat_result | None:
    """The stat of ``path`` (a regular file, never followed if a link) when ``span`` is all of it."""
    try:
        st = os.lstat(path)
        src = os.fstat(span.fd)
    except OSError:
        return None
    if (stat.S_ISREG(st.st_mode) and (src.st_dev, src.st_ino) == (st.st_dev, st.st_ino)
            and span.offset == 0 and span.length == st.st_size):
        return st
    return None


def _same_file_bytes(old: str, new: str, size: int) -> bool:
    """Whether the regular file ``old`` (never followed if a link) holds the bytes of ``new``."""
    try:
        st = os.lstat(old)
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return False
        with open(old, "rb") as a, open(new, "rb") as b:
            while True:
                x, y = a.read(1 << 20), b.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


@contextmanager
def atomic_file(target: str | os.PathLike, mode: int = 0o644) -> Iterator[BinaryIO]:
    """Write ``target`` through a new temporary file beside it, renamed over it when the block
    ends without an error (removed otherwise): readers see the old file or the new one, never a
    part, and a link at ``target`` is replaced, never written through."""
    target = os.fspath(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.tmp-", dir=os.path.dirname(target) or ".")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def replace_file(out: Path, path: str, pieces: Iterable[bytes | Span]) -> Stamp:
    """Replace one file of a finished output in place, atomically (``atomic_file``), from pieces as
    ``SiteWriter.write_pieces`` takes them. Returns its stamp. For the files ``serve`` writes after
    a rebuild (``Builder.flush``)."""
    target = os.path.join(out, safe_relpath(path).as_posix())
    os.makedirs(os.path.dirname(target), exist_ok=True)
    return put_file(target, pieces)


def put_file(target: str | os.PathLike, pieces: Iterable[bytes | Span]) -> Stamp:
    """Write the file ``target`` from pieces (bytes, and ``Span``s the kernel copies) atomically
    (``atomic_file``); returns its stamp."""
    with atomic_file(target) as fh:
        _put(fh.fileno(), pieces)   # through the descriptor: the file object's buffer stays empty
        stamp = file_stamp(os.fstat(fh.fileno()))
    return stamp


def _delete_detached(path: Path) -> bool:
    """Start ``rm -rf path`` in a session of its own, not waited for; False when it cannot start.
    (A forked Python would copy this process's page tables and could deadlock on its threads' locks.)"""
    import subprocess

    rm = shutil.which("rm")
    if rm is None:
        return False
    try:
        proc = subprocess.Popen([rm, "-rf", "--", os.fspath(path)], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    _DETACHED.append(proc)   # held, so that no "still running" warning comes when it is dropped
    del _DETACHED[:-16]      # (finished ones are reaped by the subprocess module)
    return True


_DETACHED: list = []


def files_under(root: Path) -> set[str]:
    """The relative paths (POSIX) of the files under ``root``, symbolic links not followed, the
    entries of its top folder that are kept by hand (``kept_by_hand``) left out.
    ``os.walk`` reads each folder once and stats nothing: 0.3 s on a 10,000-article site, where
    ``rglob`` with ``is_file`` took 1.2 s (a ``--clean`` build over an existing output lists it)."""
    out: set[str] = set()
    top = os.fspath(root)
    for folder, dirs, files in os.walk(top):
        rel = os.path.relpath(folder, top)
        if rel == ".":
            # the maintainer's hidden entries (a ``.git``) are no build's pages (``kept_by_hand``)
            dirs[:] = [d for d in dirs if not kept_by_hand(d)]
            out.update(f for f in files if not kept_by_hand(f))
        else:
            rel = rel.replace(os.sep, "/")
            out.update(f"{rel}/{f}" for f in files)
    return out


DIRS_KEPT = 4096   # folders ``SiteWriter._mkdir`` remembers

# A file in every output folder, saying a build made it: a build replaces its whole output folder,
# so it refuses one that holds files and not this (``--output ~`` would have emptied a home folder).
OUTPUT_MARK = ".bantin-site"
OUTPUT_MARK_TEXT = ("This folder is a site built by Bản tin (build.py). Each build replaces all of it\n"
                    "but the hidden entries no build wrote (a .git): keep nothing else here by hand;\n"
                    "files for the site go in content/static/.\n").encode("utf-8")


def kept_by_hand(name: str) -> bool:
    """Whether an entry of the output's top folder named ``name`` stays across builds when no
    build wrote it: a hidden one (``.git`` of a gh-pages checkout), but for the build's own mark.
    A build replaces such an entry only by one of the same name that it writes itself (from
    ``content/static/``). Hugo's destination cleaning spares hidden folders alike."""
    return name[:1] == "." and name != OUTPUT_MARK


def made_by_a_build(folder: Path) -> bool:
    """Whether ``folder`` is an output a build made: it holds ``OUTPUT_MARK``, or (made before the
    mark existed) the files only a build writes together: records.json, bai/ and index.html."""
    return (folder / OUTPUT_MARK).is_file() or all(
        (folder / name).exists() for name in ("records.json", "bai", "index.html"))


class SiteWriter:
    """Context manager: ``with SiteWriter(out) as w: w.write(path, data)``; swap on success.

    ``keep_old`` keeps the previous output beside the new one as ``.public.prev`` (for a quick
    rollback by hand) instead of deleting it.
    """

    # an overlay commit renames at most this share of the pages; above it the tree is swapped
    OVERLAY_SHARE = 0.25
    # a previous output of at least this many pages, or a replaced file of at least this many
    # bytes, is deleted by a process of its own that the build does not wait for: unlinking
    # thousands of files, or freeing the blocks of a large one, takes seconds on a slow disk
    BACKGROUND_DELETE_FILES = 2000
    BACKGROUND_DELETE_BYTES = 32 << 20

    def __init__(self, out: Path, keep_old: bool = False, old_paths: set[str] | None = None,
                 background_cleanup: bool = False, overlay: bool = False,
                 whole_dirs: tuple[str, ...] = ("pagefind",)):
        self.out = Path(out)
        # stage only changed pages (needs the previous output and its file list)
        self.overlay = overlay and old_paths is not None and not keep_old
        self.whole_dirs = whole_dirs
        # folders replaced as a unit (or kept as they are, when ``whole_dirs`` is emptied): their
        # files are never pages that are gone (a listed output holds them: ``files_under``)
        self._units = tuple(whole_dirs)
        self._unchanged: list[str] = []   # overlay: pages left in place (linked only if we swap)
        self.keep_old = keep_old
        self.stats = WriteStats()
        self._seen: set[str] = set()
        self._dirs: set[str] = set()   # folders of the staging tree made so far
        self.staging: Path | None = None
        self._old_out = True   # whether the output folder was there when the writer started
        self.swapped = False
        # the files of the previous output, when the caller knows them (saves a walk of the tree)
        self.old_paths = old_paths
        # delete the previous output in a background thread (a long-lived ``serve``); a build
        # that exits first leaves it to the next build's sweep
        self.background_cleanup = background_cleanup

    # prefixes of the folders this writer creates beside the output
    @property
    def _tmp_prefix(self) -> str:
        return f".{self.out.name}.tmp-"

    @property
    def _old_prefix(self) -> str:
        return f".{self.out.name}.old-"

    def __enter__(self) -> "SiteWriter":
        if self.out.exists() and not self.out.is_dir():
            raise NotADirectoryError(f"the output {self.out} exists and is not a folder")
        if self.overlay and (self.out.is_symlink() or not self.out.is_dir()):
            self.overlay = False
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.sweep_stale()
        self.staging = Path(tempfile.mkdtemp(prefix=f"{self._tmp_prefix}{os.getpid()}-", dir=self.out.parent))
        self._dirs.add(str(self.staging))
        # no output yet (a first or clean build): no page has an old file to compare with or link
        self._old_out = os.path.lexists(self.out)
        return self

    def sweep_stale(self) -> list[Path]:
        """Remove staging/trash folders left by builds that were killed; restore a lost output, and
        the entries kept by hand that a killed build had moved into its new tree (``_carry_kept``)."""
        removed: list[Path] = []
        parent = self.out.parent
        try:
            entries = sorted(parent.iterdir())
        except OSError:
            return removed
        for entry in entries:
            name = entry.name
            if not name.startswith((self._tmp_prefix, self._old_prefix)) or entry.is_symlink():
                continue
            rest = name[len(self._tmp_prefix if name.startswith(self._tmp_prefix) else self._old_prefix):]
            pid_part = rest.split("-", 1)[0] if "-" in rest else ""
            pid = int(pid_part) if pid_part.isdigit() else -1
            if pid == os.getpid() or _pid_alive(pid):
                continue   # another live build (or this process) owns it
            if name.startswith(self._old_prefix) and not self.out.exists() and (entry / "site").is_dir():
                os.replace(entry / "site", self.out)   # died between the two renames: put the old site back
            elif name.startswith(self._tmp_prefix) and self.out.is_dir() and not self.out.is_symlink():
                self._rescue_kept(entry)
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        return removed

    def write(self, path: str, data: bytes | None) -> None:
        """Write one page; ``data=None`` means the page is unchanged: link the previous file.

        (Plain ``os`` calls on strings: this runs once per page, and pathlib's objects cost more
        than the system calls themselves.)
        """
        key = self._claim(path)
        target = os.path.join(self.staging, key)
        old = os.path.join(self.out, key)
        old_size = None
        if self._old_out:
            try:
                st = os.lstat(old)
                old_size = st.st_size if stat.S_ISREG(st.st_mode) else None   # never follow a link
            except OSError:
                pass
        if data is None:
            if old_size is None:
                raise FileNotFoundError(f"{key}: marked unchanged but missing from the previous output")
            self._keep(key, old, target)
            return
        if old_size == len(data):
            try:
                with open(old, "rb") as fh:
                    same = fh.read() == data
                if same:
                    self._keep(key, old, target)
                    return
            except OSError:
                pass
        fd = self._open_new(target)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        self._written(key)

    def write_pieces(self, path: str, pieces: Iterable[bytes | Span]) -> Stamp:
        """Write a page given piece by piece (never whole in memory); a ``Span`` is copied from its
        file by the kernel. Returns the file's stamp. A file identical to the old one is kept: a
        stream of bytes is compared with it, a stream that is one span of all of the old file is
        it, and any other stream with spans is new (its maker made a span of every byte it kept)."""
        key = self._claim(path)
        target = os.path.join(self.staging, key)
        old = os.path.join(self.out, key)
        it = iter(pieces)
        first = list(islice(it, 1))
        if first and type(first[0]) is Span:
            # checked before the next piece is asked for: a span's maker may close its file then
            st = _whole_file(first[0], old)
            if st is not None:
                first.extend(islice(it, 1))
                if len(first) == 1:
                    self._keep(key, old, target)
                    return file_stamp(st)
        fd = self._open_new(target)
        try:
            spans = _put(fd, chain(first, it))
            st = os.fstat(fd)
        finally:
            os.close(fd)
        if not spans and _same_file_bytes(old, target, st.st_size):
            os.unlink(target)
            st = os.lstat(old)
            self._keep(key, old, target)
            return file_stamp(st)
        self._written(key)
        return file_stamp(st)

    def keep(self, paths: Iterable[str]) -> None:
        """Pages of the previous output that stay as they are, unchecked: the caller has just
        seen them in place (an incremental build that did not render them)."""
        assert self.overlay, "keep() is for overlay writers"
        assert self.staging is not None, "use SiteWriter as a context manager"
        paths = paths if isinstance(paths, (set, frozenset)) else set(paths)
        if not self._seen.isdisjoint(paths):
            raise UnsafePath(f"two pages want the same path {min(self._seen & paths)!r}")
        self._seen |= paths
        self._unchanged.extend(paths)
        self.stats.unchanged += len(paths)

    def written_paths(self) -> set[str]:
        """The paths of the new output taken so far (written, linked or kept)."""
        return self._seen

    def keep_unchanged(self, path: str, size: int) -> bool:
        """Keep the previous output's file at ``path`` when it is a regular file of ``size`` bytes
        (the caller knows its source unchanged: a static file); False, taking nothing, otherwise."""
        key = checked_relpath(path)
        if not self._old_out or key in self._seen:
            return False
        old = os.path.join(self.out, key)
        try:
            st = os.lstat(old)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return False
        self._claim(key, check=False)
        self._keep(key, old, os.path.join(self.staging, key))
        return True

    def copy_in(self, path: str, source: str) -> Stamp:
        """Copy the file ``source`` (never followed if a link), as long as it is when opened, to
        ``path``, by the kernel. On an error nothing is left at ``path`` and it is not taken."""
        key = checked_relpath(path)
        src = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            src_st = os.fstat(src)
            if not stat.S_ISREG(src_st.st_mode):
                raise OSError(errno.EINVAL, "not a regular file")
            target = os.path.join(self.staging, key)
            self._claim(key, check=False)
            try:
                fd = self._open_new(target)
                try:
                    copy_range(src, fd, 0, src_st.st_size)
                    st = os.fstat(fd)
                finally:
                    os.close(fd)
            except BaseException:
                self._seen.discard(key)
                try:
                    os.unlink(target)
                except OSError:
                    pass
                raise
        finally:
            os.close(src)
        self._written(key)
        return file_stamp(st)

    def _claim(self, path: str, check: bool = True) -> str:
        """The page's key (``path`` checked unless it comes from our own last output); one page
        per path."""
        assert self.staging is not None, "use SiteWriter as a context manager"
        key = checked_relpath(path) if check else path
        if key in self._seen:
            raise UnsafePath(f"two pages want the same path {key!r}")
        self._seen.add(key)
        return key

    def _open_new(self, target: str) -> int:
        self._mkdir(os.path.dirname(target))
        return os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)

    def _written(self, key: str) -> None:
        self.stats.written += 1
        self.stats.paths.append(key)

    def _mkdir(self, folder: str) -> None:
        """Make a folder of the staging tree: one ``mkdir`` when its parent was made here.

        At most ``DIRS_KEPT`` folders are remembered (forgotten all at once when full): a site's
        pages come folder by folder, most alone in theirs, and remembering every folder held
        15 MB in each render process at 100,000 articles. A forgotten folder costs a ``stat``."""
        dirs = self._dirs
        if folder in dirs:
            return
        if len(dirs) >= DIRS_KEPT:
            dirs.clear()
        parent = os.path.dirname(folder)
        if parent in dirs:
            try:
                os.mkdir(folder)
            except FileExistsError:   # made by another render worker (or not a folder: raised below)
                os.makedirs(folder, exist_ok=True)
            dirs.add(folder)
            return
        os.makedirs(folder, exist_ok=True)
        while folder not in dirs and folder != parent:   # the folder and the ones made above it
            dirs.add(folder)
            folder, parent = parent, os.path.dirname(parent)

    def _keep(self, key: str, old: str, target: str) -> None:
        """An unchanged page: left in place (overlay) or linked into the new tree."""
        self.stats.unchanged += 1
        if self.overlay:
            self._unchanged.append(key)
            return
        self._mkdir(os.path.dirname(target))
        os.link(old, target)

    def write_all(self, pages: Iterable) -> None:
        for page in pages:
            self.write(page.path, page.content)

    def __exit__(self, exc_type, exc, tb) -> bool:
        assert self.staging is not None
        if exc_type is not None:
            self._discard()
            return False
        with signals_deferred():
            if pending():
                # a signal came in before the commit point: the build did not finish; keep the old site
                self._discard()
            else:
                try:
                    self._swap()
                except BaseException:
                    self._discard()
                    raise
        # a deferred signal (if any) is delivered here, after the output is whole again
        return False

    def _discard(self) -> None:
        with signals_deferred():
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)

    def _swap(self) -> None:
        assert self.staging is not None
        staging = self.staging
        if self.overlay:
            if self.stats.written <= max(50, self.OVERLAY_SHARE * len(self._seen)):
                self._commit_overlay()
                return
            for key in self._unchanged:   # many pages changed: make a whole new tree after all
                target = os.path.join(staging, key)
                self._mkdir(os.path.dirname(target))
                os.link(os.path.join(self.out, key), target)
        old_count = 0
        if self.old_paths is not None:
            self.stats.removed = len(self._gone(self.old_paths))
            old_count = len(self.old_paths)
        elif self.out.is_dir() and not self.out.is_symlink():
            old_files = files_under(self.out)
            self.stats.removed = len(self._gone(old_files))
            old_count = len(old_files)
        many = old_count >= self.BACKGROUND_DELETE_FILES
        os.chmod(staging, 0o755)   # mkdtemp made it 0700
        self._carry_kept(staging)
        if self.out.exists() or self.out.is_symlink():
            if exchange(staging, self.out):
                self.swapped = True
                # ``staging`` now holds the previous output
                self._dispose_old(staging, many=many)
                return
            trash = Path(tempfile.mkdtemp(prefix=f"{self._old_prefix}{os.getpid()}-", dir=self.out.parent))
            os.replace(self.out, trash / "site")
            try:
                os.replace(staging, self.out)
            except BaseException:
                os.replace(trash / "site", self.out)   # put the old site back
                shutil.rmtree(trash, ignore_errors=True)
                raise
            self.swapped = True
            self._dispose_old(trash / "site", holder=trash, many=many)
        else:
            os.replace(staging, self.out)
            self.swapped = True

    def _carry_kept(self, staging: Path) -> None:
        """Move the old output's entries kept by hand (``kept_by_hand``) into the new tree, before
        the swap. Not those the last build wrote (a static file since deleted: its file list
        says so, when known), nor those of a name this build wrote: they go with the old output."""
        if self.out.is_symlink() or not self.out.is_dir():
            return
        with os.scandir(self.out) as entries:
            kept = [e.name for e in entries if kept_by_hand(e.name)]
        if not kept:
            return
        written = {p.split("/", 1)[0] for p in self._seen}
        if self.old_paths is not None:
            written.update(p.split("/", 1)[0] for p in self.old_paths if p[:1] == ".")
        for name in kept:
            if name not in written:
                os.replace(os.path.join(self.out, name), os.path.join(staging, name))

    def _rescue_kept(self, stale: Path) -> None:
        """A killed build's staging folder may hold entries kept by hand that it had moved out of
        the output (``_carry_kept``) when it died: they go back, where the output lacks them."""
        try:
            with os.scandir(stale) as entries:
                names = [e.name for e in entries if kept_by_hand(e.name)]
            for name in names:
                if not os.path.lexists(os.path.join(self.out, name)):
                    os.replace(os.path.join(stale, name), os.path.join(self.out, name))
        except OSError:
            pass

    def _gone(self, old: set[str]) -> set[str]:
        """The pages of ``old`` this build did not write: those outside the unit folders."""
        return {p for p in old - self._seen if p.split("/", 1)[0] not in self._units}

    def _commit_overlay(self) -> None:
        """Move the staged pages into the output one rename each; delete the pages that are gone."""
        staging, out = str(self.staging), str(self.out)
        gone = self._gone(self.old_paths) if self.old_paths is not None else set()
        self.stats.removed = len(gone)
        for name in self.whole_dirs:   # replaced as a unit: the staged folder, or none
            new, cur = os.path.join(staging, name), os.path.join(out, name)
            if os.path.lexists(cur):
                trash = tempfile.mkdtemp(prefix=f"{self._old_prefix}{os.getpid()}-", dir=self.out.parent)
                os.replace(cur, os.path.join(trash, "site"))
                self._dispose_old(Path(trash))
            if os.path.isdir(new):
                os.replace(new, cur)
        aside: str | None = None   # a trash folder holding large files this commit replaces
        asides = 0
        made: set[str] = set()
        for folder, dirs, files in os.walk(staging):
            rel = os.path.relpath(folder, staging)
            if rel == ".":
                dirs[:] = [d for d in dirs if d not in self.whole_dirs]
                rel = ""
            dest = os.path.join(out, rel) if rel else out
            if files and dest not in made:
                if os.path.islink(dest) or (os.path.lexists(dest) and not os.path.isdir(dest)):
                    os.unlink(dest)   # a file (or link) where the new tree has a folder
                os.makedirs(dest, mode=0o755, exist_ok=True)
                made.add(dest)
            for f in files:
                target = os.path.join(dest, f)
                if os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)   # a folder where the new tree has a file
                elif not self.keep_old and self._large_file(target):
                    # linked aside, its blocks are freed by the background deletion, not by
                    # the rename (records.json: a tenth of a second per 100 MB)
                    if aside is None:
                        aside = tempfile.mkdtemp(prefix=f"{self._old_prefix}{os.getpid()}-", dir=self.out.parent)
                    asides += 1
                    os.link(target, os.path.join(aside, str(asides)))
                    # exchanged, not renamed over: ext4 starts writing back the whole new file
                    # when a rename replaces one (15-30 ms per 90 MB); the old one, left in the
                    # staging folder, goes with it (its blocks with the link set aside)
                    if exchange(Path(folder, f), Path(target)):
                        continue
                os.replace(os.path.join(folder, f), target)
        for key in sorted(gone, reverse=True):
            path = os.path.join(out, key)
            try:
                os.unlink(path)
            except OSError:
                continue
            parent = os.path.dirname(path)
            while parent != out:
                try:
                    os.rmdir(parent)   # only succeeds when the folder is now empty
                except OSError:
                    break
                parent = os.path.dirname(parent)
        shutil.rmtree(staging, ignore_errors=True)
        if aside is not None:
            # only now: an exchanged file's old copy was in the staging folder too, and its
            # blocks must be freed by the background deletion, not by the rmtree above
            self._dispose_old(Path(aside), many=True)
        self.swapped = True

    def _large_file(self, path: str) -> bool:
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and st.st_size >= self.BACKGROUND_DELETE_BYTES

    def _dispose_old(self, old: Path, holder: Path | None = None, many: bool = False) -> None:
        """Get rid of the previous output ``old`` (with ``holder``, the folder it was moved into):
        kept as ``.public.prev`` (``keep_old``); deleted by a thread (``serve``); when there is
        much of it (``many``), by a process of its own that the build does not wait for; else now.
        Whatever a deletion leaves (a build killed first) is swept by the next build."""
        if self.keep_old:
            prev = self.out.parent / f".{self.out.name}.prev"
            shutil.rmtree(prev, ignore_errors=True)
            os.replace(old, prev)
            if holder is not None:
                shutil.rmtree(holder, ignore_errors=True)
            return
        gone = holder if holder is not None else old
        if self.background_cleanup:
            import threading

            threading.Thread(target=shutil.rmtree, args=(gone,), kwargs={"ignore_errors": True},
                             daemon=True, name="bantin-cleanup").start()
        elif not (many and _delete_detached(gone)):
            shutil.rmtree(gone, ignore_errors=True)
