"""Side work a one-shot build hands to a forked child process, so that an idle core does it.

A fresh build after a small edit runs on one core. One of its steps needs nothing that the build
makes after it starts, and gives only a yes or no: checking that every page of the last output
is still in place (one ``lstat`` a page: 18,000 at 10,000 articles, a tenth of a second), which
can start as soon as the cache's page map is read (``pipeline.Builder._check_output``).

``SideTask`` runs such work in a forked child and hands back what it returned. The child shares
the parent's memory copy-on-write and only reads it, so nothing needs to come back but the
returned value, through a pipe. Each page the parent writes while the child lives is copied: a
side task is started while the parent is small, and is short. (Writing the records cache so
was tried and dropped: forked after extraction, at 100,000 articles it held 130 MB more at the
build's peak.)

Where no child can be forked (no ``os.fork``, or other threads running, whose locks a child
could inherit while they are held), or when the child fails (an error, a signal), the work is
done in this process when its result is asked for: the same result, and the same error, as if
there were no side task.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child can be forked safely here: the system has ``fork`` and this process runs
    no other thread. Threads are counted as the system sees them where it shows them (as Python
    does before it warns about such a fork): a thread the ``threading`` module has let go of may
    not have ended yet."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return True


class SideTask(Generic[T]):
    """``fn()``, run in a forked child from the start; ``result()`` waits for it.

    ``fn`` should have no effect but its value (or write files atomically), since it may run
    twice: in the child, then here when the child did not finish it. When no child can be forked,
    ``fn`` runs here when its result is first asked for (work that may turn out not needed)."""

    def __init__(self, fn: Callable[[], T]):
        self._fn = fn
        self._pid: int | None = None
        self._fd = -1
        self._answer: tuple[T] | None = None   # (the value,) once known
        self.forked = False                     # whether a child took the work
        if can_fork():
            r, w = os.pipe()
            try:
                with warnings.catch_warnings():
                    # (a thread started since ``can_fork`` looked is none of ours; the child
                    # takes no lock another thread could hold)
                    warnings.simplefilter("ignore", DeprecationWarning)
                    pid = os.fork()
            except OSError:      # no memory or process left for a child: the work is done here
                os.close(r)
                os.close(w)
            else:
                if pid == 0:
                    os.close(r)
                    _run_child(fn, w)   # never returns
                os.close(w)
                self._pid, self._fd, self.forked = pid, r, True

    def result(self) -> T:
        """What ``fn`` returned: in the child, or here when the child could not do it."""
        self._wait()
        if self._answer is None:
            self._answer = (self._fn(),)
        return self._answer[0]

    def _wait(self) -> None:
        """Let the child finish and take its answer, if it gave one."""
        if self._pid is None:
            return
        pid, fd = self._pid, self._fd
        self._pid, self._fd = None, -1
        chunks: list[bytes] = []
        try:
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(fd)
            try:
                status = os.waitpid(pid, 0)[1]
            except ChildProcessError:
                status = 1
        if os.waitstatus_to_exitcode(status) == 0 and chunks:
            try:
                self._answer = (pickle.loads(b"".join(chunks)),)  # noqa: S301 - from our own child
            except Exception:  # noqa: BLE001, S110 - a garbled answer: the work is done here
                pass

    def cancel(self) -> None:
        """Stop the child now, its result not wanted (only for work that writes nothing)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except OSError:
                pass
            self._wait()


def _run_child(fn: Callable[[], object], fd: int) -> None:
    """In the forked child: run ``fn``, write its pickled value to ``fd``, and end at once
    (``os._exit``: no exit handlers, no flush of buffers the parent will flush itself). An error
    or a signal ends the child with a failure status, and the parent does the work."""
    code = 1
    try:
        import gc

        gc.disable()   # a collection would touch (and so copy) every inherited object
        data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        code = 0
    except BaseException:  # noqa: BLE001, S110 - reported by the exit status
        pass
    finally:
        os._exit(code)
