"""Fan tasks out over local processes or a Ray cluster, with the same results, in task order, for the same tasks."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from dreamgym.errors import ConfigError

T = TypeVar("T")
BACKENDS = ("local", "ray")


def check_backend(backend: str) -> None:
    """Raise ConfigError unless ``backend`` is ``local`` or ``ray``."""
    if backend not in BACKENDS:
        raise ConfigError(f"--backend must be one of {BACKENDS}, got {backend!r}")


def parallel_map(
    fn: Callable[[Any], T],
    tasks: Sequence[Any],
    workers: int = 2,
    backend: str = "local",
    address: str | None = None,
) -> Iterator[T]:
    """Yield ``fn(task)`` for every task in task order.

    ``local`` uses ``workers`` spawned processes (in-process when ``workers <= 1``); ``ray`` submits one Ray task
    per item to the cluster at ``address`` (a local Ray instance when None, or the one already initialised).
    ``fn`` must be a module-level function so both backends can ship it to their workers.
    """
    check_backend(backend)
    if backend == "ray":
        try:
            import ray
        except ImportError as e:
            raise ConfigError("--backend ray needs Ray: pip install 'dreamgym[ray]'") from e
        if not ray.is_initialized():
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        remote = ray.remote(num_cpus=1)(fn)
        for ref in [remote.remote(t) for t in tasks]:
            yield ray.get(ref)
    elif workers <= 1 or len(tasks) <= 1:
        yield from map(fn, tasks)
    else:
        with mp.get_context("spawn").Pool(min(workers, len(tasks))) as pool:
            yield from pool.imap(fn, tasks)
