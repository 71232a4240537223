"""Static files: everything under ``content/static/`` is copied into the site as it is.

A favicon, images an about page links to, ``CNAME``, ``.nojekyll``, ``.well-known/...``: the
files a host or the maintainer needs beside the generated pages, as Hugo's ``static/`` folder and
Pelican's ``STATIC_PATHS`` give. Two steps, at the two ends of a build:

- ``list_static`` (read side) lists the folder once, without reading a file, and refuses what
  must not be published: symbolic links (they could point anywhere: ``/etc``, a key), anything
  that is not a regular file, a name that is no safe output path, and the names the build keeps
  for itself. Version-control and desktop clutter (``.git``, ``.DS_Store``, editor backups) is
  passed over without a word.
- ``copy_static`` (write side) runs after the pages are rendered: a file at a path the build
  writes itself (``index.html``, ``robots.txt``, a folder of pages) is refused, never copied over
  the page. An unchanged file is kept from the last output by its source's stamp (device, inode,
  size and modification time), without reading it; a changed one is copied by the kernel
  (``write.copy_range``), never read into this process.

Every refusal is a warning of kind ``static`` in the build report, naming the file.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .write import OUTPUT_MARK, UnsafePath, checked_relpath

STATIC_DIR = "static"
# top-level names of the output a static file may not take: the search bundle is replaced whole
# by the build, and the mark says who made the folder
RESERVED_TOP = frozenset({"pagefind", OUTPUT_MARK})
# clutter of version control, desktops and editors: not part of a site, passed over silently
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "CVS", "__MACOSX", ".DS_Store"})
SKIPPED_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".gitignore", ".gitkeep",
                           ".gitattributes", ".hgignore"})

FINGERPRINT_PREFIX = "static:"


@dataclass(frozen=True)
class StaticFile:
    path: str          # its path in the output (POSIX, NFC), the same as under content/static/
    source: str        # where it is read from
    size: int
    fingerprint: str   # "static:" and the source's stamp: the page map's entry for it

    @property
    def shown(self) -> str:
        return f"{STATIC_DIR}/{self.path}"


@dataclass
class StaticProblem:
    path: str          # as shown: "static/..." (escaped where the name is not printable UTF-8)
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": "static", "message": self.message}


@dataclass
class StaticListing:
    files: list[StaticFile] = field(default_factory=list)
    problems: list[StaticProblem] = field(default_factory=list)

    def digest_parts(self) -> list[tuple[str, str]]:
        """What a build compares to tell whether any static file changed (``pipeline``)."""
        return [(f.path, f.fingerprint) for f in self.files]


def _skipped(name: str) -> bool:
    return (name in SKIPPED_FILES or name.endswith("~") or name.startswith(".#")
            or (name.startswith(".") and name.endswith((".swp", ".swo"))))


def _shown(rel: str) -> str:
    from .reader import display_path   # the one escaping of unprintable names, shared with articles

    return f"{STATIC_DIR}/{display_path(rel)}"


def list_static(content: Path) -> StaticListing:
    """The files under ``content/static/`` in path order, and the ones refused (with why)."""
    listing = StaticListing()
    root = os.path.join(os.fspath(content), STATIC_DIR)
    if not os.path.isdir(root):
        if os.path.lexists(root):
            listing.problems.append(StaticProblem(STATIC_DIR, "is not a folder: nothing copied"))
        return listing
    if os.path.islink(root):
        # followed only into content/, as a linked article is: a link to / would publish /etc
        real, inside = os.path.realpath(root), os.path.realpath(content)
        if not (real + os.sep).startswith(inside + os.sep):
            listing.problems.append(StaticProblem(STATIC_DIR, f"is a link out of the content folder (to {real}): "
                                                  "not followed, nothing copied"))
            return listing
    taken: dict[str, str] = {}   # output path -> the source name that took it (NFC can merge two)
    stack = [(root, "")]
    while stack:
        top, rel_top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            listing.problems.append(StaticProblem(_shown(rel_top or "."), f"cannot be listed: {e.strerror}"))
            continue
        below = []
        for entry in entries:
            name = entry.name
            rel = f"{rel_top}/{name}" if rel_top else name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as e:
                listing.problems.append(StaticProblem(_shown(rel), f"cannot be read: {e.strerror}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                if name not in SKIPPED_DIRS:
                    below.append((entry.path, rel))
                continue
            if _skipped(name):
                continue
            if stat.S_ISLNK(st.st_mode):
                listing.problems.append(StaticProblem(_shown(rel), "is a symbolic link: links are not "
                                                      "followed (copy the file itself into static/)"))
                continue
            if not stat.S_ISREG(st.st_mode):
                listing.problems.append(StaticProblem(_shown(rel), "is not a regular file: not copied"))
                continue
            problem = _path_problem(rel)
            if problem:
                listing.problems.append(StaticProblem(_shown(rel), problem))
                continue
            out = unicodedata.normalize("NFC", rel)
            if out in taken:
                listing.problems.append(StaticProblem(_shown(rel), f"has the same name as {_shown(taken[out])} "
                                                      "once written the one Unicode way (NFC): not copied"))
                continue
            taken[out] = rel
            listing.files.append(StaticFile(out, entry.path, st.st_size, FINGERPRINT_PREFIX +
                                            f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"))
        stack.extend(reversed(below))
    listing.files.sort(key=lambda f: f.path)
    return listing


def _path_problem(rel: str) -> str | None:
    """Why ``rel`` cannot be a path of the site, or None."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8: it could not be linked to; not copied"
    try:
        checked_relpath(rel)
    except UnsafePath:
        return "its name cannot be a path of the site (a control character, a backslash, a name too long): not copied"
    if rel.split("/", 1)[0] in RESERVED_TOP:
        return f"{rel.split('/', 1)[0]} is the build's own: not copied"
    return None


def copy_static(writer, listing: StaticListing, old_pages: dict) -> tuple[dict[str, tuple[str, int]], list[StaticProblem]]:
    """Copy ``listing``'s files into ``writer`` (a ``SiteWriter`` whose pages are all written);
    returns their page map entries and the files refused because the build writes that path."""
    pages: dict[str, tuple[str, int]] = {}
    problems: list[StaticProblem] = []
    if not listing.files:
        return pages, problems
    seen = writer.written_paths()
    folders: set[str] = set()   # every folder holding a page of the build
    for p in seen:
        i = p.rfind("/")
        while i > 0 and p[:i] not in folders:
            folders.add(p[:i])
            i = p.rfind("/", 0, i)
    for f in listing.files:
        clash = _clash(f.path, seen, folders)
        if clash:
            problems.append(StaticProblem(f.shown, clash))
            continue
        old = old_pages.get(f.path)
        try:
            if old is not None and old[0] == f.fingerprint and writer.keep_unchanged(f.path, f.size):
                pages[f.path] = old
                continue
            st = writer.copy_in(f.path, f.source)
        except OSError as e:
            problems.append(StaticProblem(f.shown, f"could not be copied: {e.strerror or e}"))
            continue
        # the listing's stamp: a file changed since it was listed is copied again next time
        pages[f.path] = (f.fingerprint, st.size)
    return pages, problems


def _clash(path: str, seen, folders: set[str]) -> str | None:
    if path in seen:
        if path == "robots.txt":
            return "the build writes robots.txt itself (its rules are robots: in site.yaml): not copied over it"
        return f"the build writes {path} itself: the static file is not copied over it"
    if path in folders:
        return f"the build writes pages under {path}/: a file cannot take that folder's name"
    i = path.rfind("/")
    while i > 0:
        if path[:i] in seen:
            return f"the build writes the page {path[:i]}: it cannot also be a folder"
        i = path.rfind("/", 0, i)
    return None


def static_fingerprints(pages: dict) -> set[str]:
    """The paths that a page map records as static files."""
    return {p for p, entry in pages.items() if isinstance(entry[0], str) and entry[0].startswith(FINGERPRINT_PREFIX)}
