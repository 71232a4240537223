"""SiteWriter: staging, atomic swap, cleanup on failure and on signals, refused paths."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from bantin import write as write_mod
from bantin.signals import BuildInterrupted, graceful_termination, pending, signals_deferred
from bantin.write import SiteWriter, UnsafePath, exchange, files_under, safe_relpath


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(parent: Path, name: str = "public") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def build(out: Path, pages: dict[str, bytes]) -> SiteWriter:
    with SiteWriter(out) as w:
        for k, v in pages.items():
            w.write(k, v)
    return w


@pytest.mark.parametrize("bad", ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/./b", "a\\b",
                                 "C:/x", "a\x00b", "a\nb", "x/" + "a" * 300])
def test_safe_relpath_refuses(bad):
    with pytest.raises(UnsafePath):
        safe_relpath(bad)


@pytest.mark.parametrize("good", ["index.html", "bai/chi-thi-05/index.html", "van-ban/05-ct-tw/feed.xml",
                                  "dia-phuong/đà-nẵng/index.html"])
def test_safe_relpath_accepts(good):
    assert safe_relpath(good).as_posix() == good


def test_first_build_and_rebuild(tmp_path):
    out = tmp_path / "public"
    w = build(out, {"index.html": b"a", "bai/x/index.html": b"x"})
    assert snapshot(out) == {"index.html": b"a", "bai/x/index.html": b"x"}
    assert w.stats.written == 2 and leftovers(tmp_path) == []
    assert (out.stat().st_mode & 0o777) == 0o755
    w = build(out, {"index.html": b"a", "bai/y/index.html": b"y"})
    assert snapshot(out) == {"index.html": b"a", "bai/y/index.html": b"y"}
    assert (w.stats.written, w.stats.unchanged, w.stats.removed) == (1, 1, 1)
    assert leftovers(tmp_path) == []


def test_files_under_lists_files_not_folders_nor_linked_trees(tmp_path):
    out = tmp_path / "public"
    (out / "bai" / "x").mkdir(parents=True)
    (out / "index.html").write_bytes(b"a")
    (out / "bai" / "x" / "index.html").write_bytes(b"x")
    (out / "empty").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.html").write_bytes(b"s")
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert files_under(out) == {"index.html", "bai/x/index.html"}
    assert files_under(tmp_path / "missing") == set()


def test_unchanged_pages_are_linked_not_rewritten(tmp_path):
    out = tmp_path / "public"
    build(out, {"a.html": b"same"})
    ino = (out / "a.html").stat().st_ino
    build(out, {"a.html": b"same"})
    assert (out / "a.html").stat().st_ino == ino


def test_exception_leaves_previous_output(tmp_path):
    out = tmp_path / "public"
    build(out, {"index.html": b"old", "x/y.html": b"old y"})
    before = snapshot(out)
    with pytest.raises(RuntimeError):
        with SiteWriter(out) as w:
            w.write("index.html", b"new")
            raise RuntimeError("template blew up")
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_unsafe_path_aborts_build(tmp_path):
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    with pytest.raises(UnsafePath):
        with SiteWriter(out) as w:
            w.write("../evil.html", b"x")
    assert not (tmp_path / "evil.html").exists()
    assert snapshot(out) == {"index.html": b"old"} and leftovers(tmp_path) == []


def test_duplicate_path_refused(tmp_path):
    with pytest.raises(UnsafePath):
        with SiteWriter(tmp_path / "public") as w:
            w.write("a.html", b"1")
            w.write("a.html", b"2")
    assert not (tmp_path / "public").exists() and leftovers(tmp_path) == []


def test_output_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "public").write_text("not a folder")
    with pytest.raises(NotADirectoryError):
        build(tmp_path / "public", {"a.html": b"1"})
    assert (tmp_path / "public").read_text() == "not a folder"


def test_exchange_swaps_atomically(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "f").write_text("A")
    (b / "f").write_text("B")
    if not exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) not available here; the fallback is tested below")
    assert (a / "f").read_text() == "B" and (b / "f").read_text() == "A"


def test_fallback_two_renames(tmp_path, monkeypatch):
    monkeypatch.setattr(write_mod, "exchange", lambda a, b: False)
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    build(out, {"index.html": b"new"})
    assert snapshot(out) == {"index.html": b"new"} and leftovers(tmp_path) == []


def test_fallback_failure_puts_old_site_back(tmp_path, monkeypatch):
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    monkeypatch.setattr(write_mod, "exchange", lambda a, b: False)
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:   # the second rename (staging -> out) fails
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(write_mod.os, "replace", flaky_replace)
    with pytest.raises(OSError):
        build(out, {"index.html": b"new"})
    monkeypatch.setattr(write_mod.os, "replace", real_replace)
    assert snapshot(out) == {"index.html": b"old"} and leftovers(tmp_path) == []


def test_stale_folders_of_killed_builds_are_swept(tmp_path):
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    dead = 2 ** 22 + 12345   # above the default pid_max: no such process
    (tmp_path / f".public.tmp-{dead}-abc").mkdir()
    (tmp_path / f".public.tmp-{dead}-abc" / "half.html").write_text("half")
    (tmp_path / ".public.tmp-legacy").mkdir()
    live = tmp_path / f".public.tmp-{os.getppid()}-zzz"   # a live process's build: left alone
    live.mkdir()
    build(out, {"index.html": b"new"})
    assert leftovers(tmp_path) == [live.name]


def test_output_lost_between_renames_is_restored(tmp_path):
    """A build killed between the two renames of the fallback left only .public.old-PID-X/site."""
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    dead = 2 ** 22 + 4321
    trash = tmp_path / f".public.old-{dead}-q"
    trash.mkdir()
    os.replace(out, trash / "site")
    with pytest.raises(RuntimeError):
        with SiteWriter(out):
            assert snapshot(out) == {"index.html": b"old"}   # restored on entry
            raise RuntimeError("stop")
    assert snapshot(out) == {"index.html": b"old"} and leftovers(tmp_path) == []


def test_keep_old(tmp_path):
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    with SiteWriter(out, keep_old=True) as w:
        w.write("index.html", b"new")
    assert (tmp_path / ".public.prev" / "index.html").read_bytes() == b"old"
    assert (out / "index.html").read_bytes() == b"new"


# --- signals ------------------------------------------------------------------------------


def test_sigterm_during_build_raises_and_cleans_up(tmp_path):
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    before = snapshot(out)
    with pytest.raises(BuildInterrupted) as ei:
        with graceful_termination():
            with SiteWriter(out) as w:
                w.write("index.html", b"new")
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(1000):   # the handler runs between bytecodes
                    w.write(f"p{_}.html", b"x")
    assert ei.value.signum == signal.SIGTERM and ei.value.exit_code == 143
    assert isinstance(ei.value, KeyboardInterrupt)
    assert snapshot(out) == before and leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL   # restored


def test_signal_pending_at_commit_cancels_swap(tmp_path):
    """A signal that arrives while signals are blocked, before the commit, cancels the swap; it is
    delivered once the writer is done, and the previous output is intact."""
    out = tmp_path / "public"
    build(out, {"index.html": b"old"})
    with pytest.raises(BuildInterrupted):
        with graceful_termination():
            w = SiteWriter(out).__enter__()
            w.write("index.html", b"new")
            with signals_deferred():
                # aimed at this thread: a process-wide kill could land on another thread of the
                # test process (a browser fixture's), where the signal is not blocked
                signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
                assert pending() == {signal.SIGTERM}
                w.__exit__(None, None, None)   # the commit point sees the pending signal
                assert not w.swapped
                assert snapshot(out) == {"index.html": b"old"}
            # the signal is delivered here
    assert snapshot(out) == {"index.html": b"old"} and leftovers(tmp_path) == []


def test_graceful_termination_is_a_no_op_off_the_main_thread():
    seen = []

    def run():
        with graceful_termination():
            seen.append(signal.getsignal(signal.SIGTERM))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]


def test_ignored_signals_stay_ignored():
    old = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with graceful_termination():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, old)


# --- overlay commits (incremental builds) -------------------------------------------------------

def _overlay_build(out: Path, old: dict[str, bytes], pages: dict[str, bytes | None],
                   staged_dirs: dict[str, bytes] | None = None) -> SiteWriter:
    with SiteWriter(out, old_paths=set(old), overlay=True) as w:
        for k, v in pages.items():
            w.write(k, v)
        for k, v in (staged_dirs or {}).items():   # what the search indexer writes into staging
            f = w.staging / k
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(v)
    return w


def test_overlay_commit_moves_only_changed_pages(tmp_path):
    out = tmp_path / "public"
    old = {f"bai/{i}/index.html": f"page {i}".encode() for i in range(200)}
    old["gone/deep/index.html"] = b"old"
    build(out, old)
    (out / "pagefind").mkdir()
    (out / "pagefind" / "old.js").write_bytes(b"old index")
    root_inode = out.stat().st_ino
    kept_inode = (out / "bai/5/index.html").stat().st_ino
    pages: dict[str, bytes | None] = {k: None for k in old if not k.startswith("gone/")}
    pages["bai/7/index.html"] = b"edited"
    pages["bai/new/index.html"] = b"new page"
    w = _overlay_build(out, old, pages, {"pagefind/new.js": b"new index"})
    assert w.stats.written == 2 and w.stats.removed == 1
    assert out.stat().st_ino == root_inode               # no tree swap for a small change
    assert (out / "bai/5/index.html").stat().st_ino == kept_inode
    assert (out / "bai/7/index.html").read_bytes() == b"edited"
    assert (out / "bai/new/index.html").read_bytes() == b"new page"
    assert not (out / "gone").exists()                   # the removed page and its empty folders
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["new.js"]   # replaced as a unit
    assert leftovers(tmp_path) == []


def test_overlay_over_a_listed_output_keeps_the_new_search_bundle(tmp_path):
    """The old output listed from disk (``--clean``, a lost cache) holds the search bundle's
    files: they are replaced with the folder, never deleted from the new one as gone pages (the
    new bundle has files of the same names)."""
    out = tmp_path / "public"
    old = {f"p{i}.html": b"x" for i in range(10)}
    build(out, old)
    (out / "pagefind" / "part").mkdir(parents=True)
    for name in ("pagefind/pagefind.js", "pagefind/part/a.pf_index", "pagefind/gone.js"):
        (out / name).write_bytes(b"old")
    listed = files_under(out)
    assert "pagefind/pagefind.js" in listed
    with SiteWriter(out, old_paths=listed, overlay=True) as w:
        for k in old:
            w.write(k, None)
        for name in ("pagefind/pagefind.js", "pagefind/part/a.pf_index"):
            f = w.staging / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(b"new")
    assert w.stats.removed == 0
    assert {p: v for p, v in snapshot(out).items() if p.startswith("pagefind/")} == {
        "pagefind/pagefind.js": b"new", "pagefind/part/a.pf_index": b"new"}


def test_overlay_without_staged_search_bundle_drops_the_old_one(tmp_path):
    out = tmp_path / "public"
    old = {f"p{i}.html": b"x" for i in range(10)}
    build(out, old)
    (out / "pagefind").mkdir()
    (out / "pagefind" / "a.js").write_bytes(b"a")
    _overlay_build(out, old, {k: None for k in old})
    assert not (out / "pagefind").exists()               # same result as a swapped new tree
    assert snapshot(out) == old


def test_overlay_swaps_the_tree_when_most_pages_changed(tmp_path):
    out = tmp_path / "public"
    old = {f"p{i}/index.html": b"old" for i in range(400)}
    build(out, old)
    root_inode = out.stat().st_ino
    new = {k: (b"new" if i < 300 else None) for i, k in enumerate(old)}
    w = _overlay_build(out, old, new)
    assert w.stats.written == 300 and w.stats.unchanged == 100
    assert out.stat().st_ino != root_inode
    assert snapshot(out) == {k: (b"new" if i < 300 else b"old") for i, k in enumerate(old)}
    assert leftovers(tmp_path) == []


def test_overlay_failure_leaves_the_output_untouched(tmp_path):
    out = tmp_path / "public"
    old = {f"p{i}.html": b"old" for i in range(10)}
    build(out, old)
    with pytest.raises(RuntimeError):
        with SiteWriter(out, old_paths=set(old), overlay=True) as w:
            w.write("p1.html", b"new")
            raise RuntimeError("template error")
    assert snapshot(out) == old
    assert leftovers(tmp_path) == []


def test_write_pieces_streams_and_keeps_identical_files(tmp_path):
    import os

    out = tmp_path / "public"
    build(out, {"records.json": b"[\n{}\n]\n", "a.html": b"a"})
    pieces = [b"[\n", b"{}", b"\n]\n"]
    before = os.stat(out / "records.json")

    with SiteWriter(out, old_paths={"records.json", "a.html"}, overlay=True) as w:
        stamp = w.write_pieces("records.json", iter(pieces))
        w.write("a.html", None)
    assert stamp == (before.st_dev, before.st_ino, 7, before.st_mtime_ns)   # the old file, kept
    assert w.stats.written == 0 and w.stats.unchanged == 2
    with SiteWriter(out, old_paths={"records.json", "a.html"}) as w:
        stamp = w.write_pieces("records.json", iter([b"[\n", b'{"x": 1}', b"\n]\n"]))
        w.write("a.html", None)
    assert w.stats.written == 1
    assert (out / "records.json").read_bytes() == b'[\n{"x": 1}\n]\n'
    after = os.stat(out / "records.json")
    assert stamp == (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns)   # kept by the swap
    assert leftovers(tmp_path) == []


def _gone_soon(parent: Path, seconds: float = 20.0) -> list[str]:
    """The writer's folders beside the output, once a detached deletion has had time to finish."""
    import time

    end = time.monotonic() + seconds
    while leftovers(parent) and time.monotonic() < end:
        time.sleep(0.05)
    return leftovers(parent)


def test_a_large_previous_output_is_deleted_by_a_detached_process(tmp_path, monkeypatch):
    """The build does not wait for thousands of unlinks: the old tree goes to ``rm`` in a session
    of its own (here any tree counts as large), and is gone soon after."""
    started: list[list[str]] = []
    real_popen = __import__("subprocess").Popen

    def popen(args, **kw):
        started.append(list(args))
        return real_popen(args, **kw)

    monkeypatch.setattr(SiteWriter, "BACKGROUND_DELETE_FILES", 1)
    monkeypatch.setattr("subprocess.Popen", popen)
    out = tmp_path / "public"
    build(out, {"index.html": b"a", "bai/x/index.html": b"x"})
    build(out, {"index.html": b"b", "bai/y/index.html": b"y"})   # a whole new tree: the old one is trash
    assert snapshot(out) == {"index.html": b"b", "bai/y/index.html": b"y"}
    assert len(started) == 1 and started[0][1:3] == ["-rf", "--"]
    assert Path(started[0][3]).parent == tmp_path and Path(started[0][3]).name.startswith(".public.")
    assert _gone_soon(tmp_path) == []


def test_a_small_previous_output_is_deleted_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: pytest.fail("no process for a small tree"))
    out = tmp_path / "public"
    build(out, {"index.html": b"a"})
    build(out, {"index.html": b"b"})
    assert leftovers(tmp_path) == []


def test_a_large_file_an_overlay_commit_replaces_is_freed_in_the_background(tmp_path, monkeypatch):
    """records.json replaced by an incremental build: linked aside before the rename (which then
    frees nothing), deleted by the detached process; the output has the new bytes at once."""
    monkeypatch.setattr(SiteWriter, "BACKGROUND_DELETE_BYTES", 4)
    out = tmp_path / "public"
    pages = {f"p{i}.html": b"same" for i in range(60)}
    build(out, {**pages, "records.json": b"[old rows]"})
    with SiteWriter(out, old_paths={*pages, "records.json"}, overlay=True) as w:
        w.keep(pages)
        w.write("records.json", b"[new rows!]")
    assert (out / "records.json").read_bytes() == b"[new rows!]"
    assert w.stats.written == 1 and w.stats.unchanged == 60
    assert _gone_soon(tmp_path) == []


def test_keep_old_still_keeps_the_previous_output(tmp_path, monkeypatch):
    monkeypatch.setattr(SiteWriter, "BACKGROUND_DELETE_FILES", 1)
    out = tmp_path / "public"
    build(out, {"index.html": b"a"})
    with SiteWriter(out, keep_old=True) as w:
        w.write("index.html", b"b")
    assert snapshot(tmp_path / ".public.prev") == {"index.html": b"a"}
    assert snapshot(out) == {"index.html": b"b"}


def test_writer_that_forgets_its_folders_writes_the_same_tree(tmp_path, monkeypatch):
    """``SiteWriter`` remembers at most ``DIRS_KEPT`` folders it made; past that it forgets them
    all and finds them again on disk."""
    pages = {f"bai/a-{i}/index.html": b"%d" % i for i in range(7)}
    pages |= {"van-ban/x/index.html": b"x", "van-ban/x/feed.xml": b"f", "van-ban/x/trang/2/index.html": b"2",
              "van-ban/y/index.html": b"y", "index.html": b"home"}
    build(tmp_path / "many", pages)
    monkeypatch.setattr(write_mod, "DIRS_KEPT", 2)
    w = build(tmp_path / "few", pages)
    assert snapshot(tmp_path / "few") == snapshot(tmp_path / "many") == pages
    # (after forgetting, a folder is noted with the ones above it, up to the file system's root)
    assert len(w._dirs) <= 2 + len((tmp_path / "few").parts) + 5
