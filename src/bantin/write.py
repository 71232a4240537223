"""Write stage: put rendered pages into the output folder, atomically.

Pages are written into a fresh staging folder beside the output (``.public.tmp-XXXX``); only when
every page is written is the staging folder swapped in for the old output. A build that fails or
is interrupted removes its staging folder and leaves the previous output exactly as it was.

Unchanged pages are hard-linked from the previous output instead of written again, so a rebuild
costs little I/O when few pages changed and ``mtime`` stays meaningful for rsync-style publishing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A page path that would leave the output folder."""


def safe_relpath(path: str) -> PurePosixPath:
    """Refuse absolute paths, '..' segments, backslashes and empty segments."""
    p = PurePosixPath(path)
    if (not path or p.is_absolute() or "\\" in path or "\x00" in path
            or any(part in ("..", "", ".") for part in path.split("/"))):
        raise UnsafePath(f"refused output path {path!r}")
    return p


@dataclass
class WriteStats:
    written: int = 0          # pages whose bytes changed or that are new
    unchanged: int = 0        # pages identical to the previous build (linked, not rewritten)
    removed: int = 0          # pages of the previous build that no longer exist
    paths: list[str] = field(default_factory=list)   # the changed paths, for tests and reports


class SiteWriter:
    """Context manager: ``with SiteWriter(out) as w: w.write(path, data)``; swap on success."""

    def __init__(self, out: Path, keep_old: bool = False):
        self.out = out
        self.keep_old = keep_old
        self.stats = WriteStats()
        self._seen: set[str] = set()
        self.staging: Path | None = None

    def __enter__(self) -> "SiteWriter":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        return self

    def write(self, path: str, data: bytes) -> None:
        assert self.staging is not None
        rel = safe_relpath(path)
        key = rel.as_posix()
        if key in self._seen:
            raise UnsafePath(f"two pages want the same path {key!r}")
        self._seen.add(key)
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self.out / rel
        try:
            if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                self.stats.unchanged += 1
                return
        except OSError:
            pass
        with open(target, "wb") as fh:
            fh.write(data)
        self.stats.written += 1
        self.stats.paths.append(key)

    def write_all(self, pages: Iterable) -> None:
        for page in pages:
            self.write(page.path, page.content)

    def __exit__(self, exc_type, exc, tb) -> bool:
        assert self.staging is not None
        if exc_type is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return False
        self._swap()
        return False

    def _swap(self) -> None:
        assert self.staging is not None
        if self.out.exists():
            old_files = {p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()}
            self.stats.removed = len(old_files - self._seen)
            trash = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.replace(self.out, trash / "site")
            os.replace(self.staging, self.out)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(self.staging, self.out)
        os.chmod(self.out, 0o755)
