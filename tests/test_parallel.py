"""Local worker processes: results in task order, and a worker that dies raises instead of hanging the run."""

from __future__ import annotations

import math
import os
import threading

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
