"""Crash safety: a stage killed with SIGKILL (its whole process group) mid-run resumes when the same command is
run again, and leaves only complete, readable files."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dreamgym.weights import load_controller, read_safetensors

pytestmark = pytest.mark.slow  # end to end and slow: CI runs them with `pytest -m slow`


def _rows(log: Path) -> list[dict[str, str]]:
    if not log.exists():
        return []
    with log.open() as f:
        return list(csv.DictReader(f))


def test_train_controller_killed_mid_run_resumes_instead_of_restarting(
    tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "c"
    cmd = [
        sys.executable, "-m", "dreamgym.cli", "train", "controller", "--env", "DreamTakeCover-v0",
        "--weights", str(tiny_weights["DreamTakeCover-v0"]), "--out", str(out), "--generations", "15",
        "--population", "4", "--rollouts", "2", "--max-steps", "150", "--termination", "sample",
        "--eval-every", "0", "--workers", "1",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while len(_rows(out / "log.csv")) < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = len(_rows(out / "log.csv"))
    assert 3 <= killed_at < 15, f"the kill should land mid-run (after generation {killed_at})"
    subprocess.run(cmd, check=True, timeout=300, capture_output=True)
    generations = [int(r["generation"]) for r in _rows(out / "log.csv")]
    assert generations == list(range(1, 16)), generations  # continued from the checkpoint, no generation twice
    for name in ("controller_mean.safetensors", "controller_best.safetensors"):
        load_controller(out / name)
    read_safetensors(out / "cma_state.safetensors", "cma_state")
    assert not list(out.glob(".*.tmp"))
