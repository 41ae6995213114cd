"""Run directories are locked: a second writer gets a clear error naming the holder; a killed holder's lock is
taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dreamgym.errors import ConfigError
from dreamgym.training.lock import LOCK_FILE, run_lock

HOLD = "import sys, time\nfrom dreamgym.training.lock import run_lock\nwith run_lock(sys.argv[1], 'holder'):\n    print('held', flush=True)\n    time.sleep(120)\n"


def test_second_writer_is_refused_then_a_killed_holders_lock_is_taken_over(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = subprocess.run(
            [sys.executable, "-m", "dreamgym.cli", "collect", "takecover", "--out", str(tmp_path), "--episodes", "1"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 2 and f"in use by PID {holder.pid}" in proc.stderr and str(tmp_path) in proc.stderr
        with pytest.raises(ConfigError, match="holder"), run_lock(tmp_path, "second"):
            pass
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
    assert (tmp_path / LOCK_FILE).exists()  # SIGKILL left it behind
    with run_lock(tmp_path, "after"):
        assert str(os.getpid()) in (tmp_path / LOCK_FILE).read_text()
        with run_lock(tmp_path, "nested"):  # re-entrant in one process
            pass
        assert (tmp_path / LOCK_FILE).exists()
    assert not (tmp_path / LOCK_FILE).exists()


def test_a_half_written_lock_counts_as_stale(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text('{"pid": ')
    start = time.time()
    with run_lock(tmp_path, "x"):
        pass
    assert time.time() - start < 5


def test_taking_over_a_stale_lock_removes_the_dead_writers_partial_files(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text('{"pid": ')
    (tmp_path / ".checkpoint.safetensors.x1.tmp").write_bytes(b"half")
    (tmp_path / "notes.tmp").write_text("a user's file, not ours")
    with run_lock(tmp_path, "x"):
        assert not (tmp_path / ".checkpoint.safetensors.x1.tmp").exists()
    assert (tmp_path / "notes.tmp").exists()
