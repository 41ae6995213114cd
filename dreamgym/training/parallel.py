"""Fan tasks out over local processes or a Ray cluster, with the same results, in task order, for the same tasks."""

from __future__ import annotations

import contextlib
import glob
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from dreamgym.errors import ConfigError, WorkerError

T = TypeVar("T")
BACKENDS = ("local", "ray")


def exit_with_parent(parent: int, every: float = 1.0) -> None:
    """Worker initializer: end this worker once ``parent`` is gone. A parent killed outright (SIGTERM, SIGKILL)
    never shuts its pool down, and its idle workers would otherwise wait on their task queue forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        end_children()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def end_children() -> None:
    """SIGKILL this process's own children (e.g. a game's engine, which may ignore SIGTERM): ``os._exit`` would leave them
    running, orphaned. Reads Linux's ``/proc``; elsewhere there is nothing to read and nothing is done."""
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        try:
            with open(path) as f:
                pids = [int(p) for p in f.read().split()]
        except OSError:
            continue
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def check_backend(backend: str) -> None:
    """Raise ConfigError unless ``backend`` is ``local`` or ``ray``."""
    if backend not in BACKENDS:
        raise ConfigError(f"--backend must be one of {BACKENDS}, got {backend!r}")


class WorkerPool:
    """Workers that live across many ``map`` calls (e.g. every CMA-ES generation), so they start only once.

    ``local`` uses ``workers`` spawned processes (in-process when ``workers <= 1``); ``ray`` submits one Ray task
    per item to the cluster at ``address`` (a local Ray instance when None, or the one already initialised).
    Mapped functions must be module-level so both backends can ship them to their workers. A local worker that
    dies mid-task raises :class:`WorkerError` (``multiprocessing.Pool`` would replace it and wait forever for the
    lost result).
    """

    def __init__(self, workers: int = 2, backend: str = "local", address: str | None = None) -> None:
        check_backend(backend)
        self.backend, self.workers = backend, workers
        self._pool: ProcessPoolExecutor | None = None
        self._remote: dict[Callable, Any] = {}
        if backend == "ray":
            try:
                import ray
            except ImportError as e:
                raise ConfigError("--backend ray needs Ray: pip install 'dreamgym[ray]'") from e
            if not ray.is_initialized():
                ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        elif workers > 1:
            self._pool = ProcessPoolExecutor(
                workers, mp_context=mp.get_context("spawn"), initializer=exit_with_parent, initargs=(os.getpid(),)
            )

    def map(self, fn: Callable[[Any], T], tasks: Sequence[Any]) -> Iterator[T]:
        """Yield ``fn(task)`` for every task, in task order."""
        if self.backend == "ray":
            import ray

            remote = self._remote.setdefault(fn, ray.remote(num_cpus=1)(fn))
            for ref in [remote.remote(t) for t in tasks]:
                yield ray.get(ref)
        elif self._pool is None:
            yield from map(fn, tasks)
        else:
            futures = [self._pool.submit(fn, t) for t in tasks]
            try:
                for future in futures:
                    yield future.result()
            except BrokenProcessPool as e:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
                name = getattr(fn, "__name__", fn)
                raise WorkerError(
                    f"a worker process running {name} died (killed, out of memory, or the game crashed); "
                    "re-run the same command to resume from the last checkpoint"
                ) from e
            finally:
                for future in futures:
                    future.cancel()

    def close(self) -> None:
        """Stop the local worker processes (idempotent; a Ray cluster is left running)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parallel_map(
    fn: Callable[[Any], T],
    tasks: Sequence[Any],
    workers: int = 2,
    backend: str = "local",
    address: str | None = None,
) -> Iterator[T]:
    """Yield ``fn(task)`` for every task in task order, on a :class:`WorkerPool` made for this one call."""
    with WorkerPool(min(workers, max(len(tasks), 1)), backend, address) as pool:
        yield from pool.map(fn, tasks)
