"""One writer per run directory: a lock file naming its holder, taken over when the holder has died."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dreamgym.errors import ConfigError

LOCK_FILE = ".dreamgym.lock"
PARTIAL_FILES = ".*.tmp"
"""The temporary files of dreamgym's atomic writers (``dreamgym.files``, ``weights.atomic_save``, episodes)."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return {}  # a lock half written by a process killed mid-write: stale


@contextmanager
def run_lock(directory: str | os.PathLike, command: str) -> Iterator[None]:
    """Hold ``directory``'s lock while the block runs. Another live process holding it is a ConfigError naming
    the directory, its PID and command; a lock left by a dead process (e.g. SIGKILL) is taken over. Re-entrant
    within one process."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_FILE
    me = {"pid": os.getpid(), "host": socket.gethostname(), "command": command, "since": time.time()}
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder.get("pid") == me["pid"] and holder.get("host") == me["host"]:
                yield  # this process already holds it (a stage run inside the pipeline)
                return
            if holder.get("host") == me["host"] and isinstance(holder.get("pid"), int) and _alive(holder["pid"]):
                raise ConfigError(
                    f"{directory} is in use by PID {holder['pid']} ({holder.get('command', '?')}); wait for it to "
                    f"finish or stop it. If no such process runs, delete {path}."
                ) from None
            print(f"taking over the stale lock of {directory} (PID {holder.get('pid')} is gone)", file=sys.stderr)
            path.unlink(missing_ok=True)
            for partial in directory.glob(PARTIAL_FILES):  # the dead writer's half-written files: never read
                partial.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w") as f:
            json.dump(me, f)
        break
    try:
        yield
    finally:
        if _holder(path).get("pid") == me["pid"]:
            path.unlink(missing_ok=True)
