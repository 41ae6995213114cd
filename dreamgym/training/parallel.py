"""Fan tasks out over local processes or a Ray cluster, with the same results for the same tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from dreamgym.errors import ConfigError

T = TypeVar("T")


def ray_map(fn: Callable[[Any], T], tasks: Sequence[Any], address: str | None = None) -> Iterator[T]:
    """Run ``fn`` on every task as Ray tasks (``address`` joins a cluster; None starts a local Ray), yield results
    in completion order, like ``Pool.imap_unordered``."""
    try:
        import ray
    except ImportError as e:
        raise ConfigError("--backend ray needs Ray: pip install 'dreamgym[ray]'") from e
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    remote = ray.remote(fn)
    pending = [remote.remote(t) for t in tasks]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        yield ray.get(done[0])
