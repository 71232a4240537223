"""``background.SideTask``: work done by a forked child while the build goes on, or here when no
child can do it, with the same result and the same errors either way."""

from __future__ import annotations

import os
import signal
import time

import pytest

from bantin import background
from bantin.background import SideTask

needs_fork = pytest.mark.skipif(not background.can_fork(), reason="no fork here (or threads running)")


@needs_fork
def test_the_child_does_the_work_and_returns_its_value(tmp_path):
    marker = tmp_path / "pid"

    def work():
        marker.write_text(str(os.getpid()))
        return {"answer": 42, "from": os.getpid()}

    task = SideTask(work)
    assert task.forked, f"no child forked; threads running: {__import__('threading').enumerate()}"
    value = task.result()
    assert value["answer"] == 42
    assert value["from"] != os.getpid()                  # done in the child ...
    assert marker.read_text() == str(value["from"])      # ... whose writes are there
    assert task.result() is value                        # asked again: the same answer


@needs_fork
def test_a_failing_child_leaves_the_work_to_this_process():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise OSError("disk full in the child")
        return "done here"

    assert SideTask(work).result() == "done here"


@needs_fork
def test_an_error_the_work_always_raises_is_raised_here():
    def work():
        raise ValueError("bad data")

    task = SideTask(work)
    with pytest.raises(ValueError, match="bad data"):
        task.result()


@needs_fork
def test_a_child_killed_by_a_signal_leaves_the_work_to_this_process():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return "redone"

    assert SideTask(work).result() == "redone"


@needs_fork
def test_a_value_that_cannot_be_pickled_is_computed_here():
    task = SideTask(lambda: (lambda: "a function cannot be pickled"))
    assert task.result()() == "a function cannot be pickled"


@needs_fork
def test_cancel_stops_the_child_at_once(tmp_path):
    marker = tmp_path / "finished"

    def work():
        time.sleep(30)
        marker.write_text("the work ran to its end")

    task = SideTask(work)
    task.cancel()
    assert not marker.exists()   # killed, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)   # reaped: no child of ours is left


@needs_fork
def test_the_childs_answer_is_taken_and_the_work_not_done_again(tmp_path):
    out = tmp_path / "written"
    parent = os.getpid()
    task = SideTask(lambda: (out.write_text(str(os.getpid())), os.getpid())[1])
    child = task.result()
    assert child != parent and out.read_text() == str(child)
    out.unlink()
    assert task.result() == child and not out.exists()


def test_without_fork_the_work_runs_here_when_asked(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    calls = []
    task = SideTask(lambda: calls.append("ran") or len(calls))
    assert not task.forked and calls == []
    assert task.result() == 1 and task.result() == 1
    assert calls == ["ran"]


def test_without_fork_an_error_is_raised_when_asked(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)

    def work():
        raise PermissionError("output folder unreadable")

    task = SideTask(work)
    with pytest.raises(PermissionError):
        task.result()


def test_cancel_without_a_child_does_nothing(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    calls = []
    SideTask(lambda: calls.append("ran")).cancel()
    assert calls == []


def test_no_fork_while_another_thread_runs():
    import threading

    stop = threading.Event()
    th = threading.Thread(target=stop.wait)
    th.start()
    try:
        assert not background.can_fork()
        task = SideTask(os.getpid)
        assert not task.forked
        assert task.result() == os.getpid()
    finally:
        stop.set()
        th.join()
