"""Local worker processes: results in task order, and a worker that dies raises instead of hanging the run."""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path

from dreamgym.errors import WorkerError
from dreamgym.training.parallel import WorkerPool, parallel_map


def test_local_workers_return_results_in_task_order() -> None:
    assert list(parallel_map(math.factorial, [5, 0, 3, 7], workers=2)) == [120, 1, 6, 5040]


def test_a_dead_worker_raises_worker_error_instead_of_hanging() -> None:
    """``os._exit`` kills the worker mid-task, as a crashing game would; the map must fail within the timeout."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            with WorkerPool(2) as pool:
                list(pool.map(os._exit, [3, 3]))
            outcome.append(None)
        except BaseException as e:
            outcome.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the pool hung on a dead worker"
    assert isinstance(outcome[0], WorkerError)
    assert "re-run the same command" in str(outcome[0])


def test_workers_end_when_their_parent_is_killed_outright() -> None:
    """A parent killed by SIGKILL never shuts its pool down; its workers must not wait on their queue forever, nor
    leave their own children (a game's process) running."""
    import subprocess
    import sys
    import time

    script = (
        "import os, signal, sys\n"
        "from dreamgym.training.parallel import WorkerPool\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_parallel import start_child, worker_pid\n"
        "pool = WorkerPool(2)\n"
        "print(' '.join(map(str, sorted(set(pool.map(worker_pid, range(8)))))), flush=True)\n"
        "print(' '.join(map(str, pool.map(start_child, range(2)))), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    workers, children = ([int(p) for p in line.split()] for line in out.stdout.splitlines())
    assert workers and len(children) == 2 and out.returncode == -9
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(p) for p in workers + children):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "orphaned workers still running"
    assert not any(_alive(p) for p in children), "the workers' children outlived them"


def worker_pid(_: int) -> int:
    """The worker's process id (module-level, so spawned workers can import it)."""
    import time

    time.sleep(0.05)
    return os.getpid()


_children: list = []


def start_child(_: int) -> int:
    """Start a long-lived child process in the worker, as a game would (kept referenced, so never reaped), and return
    its process id."""
    import subprocess
    import sys

    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    _children.append(subprocess.Popen(sleeper, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return _children[-1].pid


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
