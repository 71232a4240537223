"""Turn SIGTERM and SIGINT during a build into an exception, so cleanup code runs.

Python already turns SIGINT into ``KeyboardInterrupt``, but SIGTERM (what ``kill``, systemd, Docker
and CI runners send) kills the process at once: ``finally`` blocks and ``with`` exits do not run,
and a half-written staging folder is left beside ``public/``. Inside ``graceful_termination()``
both signals raise ``BuildInterrupted`` (a ``KeyboardInterrupt``) in the main thread, so
``SiteWriter.__exit__`` removes its staging folder and the previous output stays as it was::

    with graceful_termination():
        with SiteWriter(out) as w:
            ...

The critical section of the writer (the swap itself) blocks these signals with
``signal.pthread_sigmask`` and checks for a pending one just before committing, so a signal never
lands between the two halves of a swap; see ``bantin.write``.

Outside the main thread (a test runner's worker thread, a server's build thread) Python cannot
install handlers; the context manager then does nothing and the caller's own handling applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The signals a build turns into BuildInterrupted, in the order they are installed.
HANDLED = (signal.SIGTERM, signal.SIGINT) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped by a signal; ``signum`` says which. Exit status: ``128 + signum``."""

    def __init__(self, signum: int):
        self.signum = signum
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        self.signame = name
        super().__init__(f"build interrupted by {name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise BuildInterrupted(signum)


@contextmanager
def graceful_termination(signals: tuple[int, ...] = HANDLED) -> Iterator[None]:
    """Within the block, the given signals raise ``BuildInterrupted`` in the main thread.

    The previous handlers are restored on exit, whatever happened. Nesting is allowed. Signals
    that were ignored before (``SIG_IGN``, e.g. SIGINT under ``nohup``/background jobs) stay ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}
    try:
        for sig in signals:
            old = signal.getsignal(sig)
            if old is signal.SIG_IGN:
                continue
            previous[sig] = old
            signal.signal(sig, _raise)
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)


@contextmanager
def signals_deferred(signals: tuple[int, ...] = HANDLED) -> Iterator[None]:
    """Block the given signals at the OS level for the duration of a critical section.

    A signal that arrives meanwhile stays pending and is delivered (its handler runs, possibly
    raising) as soon as the block exits. Only the calling thread's mask changes.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def pending(signals: tuple[int, ...] = HANDLED) -> set[int]:
    """The given signals that are blocked and waiting for delivery (empty where unsupported)."""
    if not hasattr(signal, "sigpending"):
        return set()
    return {int(s) for s in signal.sigpending()} & {int(s) for s in signals}


def reset_in_worker() -> None:
    """For worker processes (``ProcessPoolExecutor(initializer=...)``): leave interruption to the parent.

    Forked workers inherit ``graceful_termination``'s handlers. A terminal's Ctrl-C reaches the
    whole process group; the parent handles it and shuts the pool down, so workers ignore SIGINT
    and die at once on SIGTERM instead of raising inside a task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def exit_status(exc: BaseException) -> int:
    """The conventional exit status for an interrupted build: 128 + signal number (130 for Ctrl-C)."""
    if isinstance(exc, BuildInterrupted):
        return exc.exit_code
    return 128 + signal.SIGINT


__all__ = ["BuildInterrupted", "graceful_termination", "signals_deferred", "pending", "reset_in_worker",
           "exit_status", "HANDLED"]
