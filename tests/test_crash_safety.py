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

# A guard against a hung resume, not a speed target: under a busy CPU (a training run beside CI) a resumed
# tiny run took more than 300 s once.
RESUME_TIMEOUT = 900


def _rows(log: Path) -> list[dict[str, str]]:
    if not log.exists():
        return []
    with log.open() as f:
        return list(csv.DictReader(f))


def _controller_cmd(tiny_weights: dict[str, Path], out: Path, *extra: str) -> list[str]:
    """`train controller` on the tiny Take Cover dream, one worker, population 4, no evaluation; ``extra`` sets the rest."""
    weights = str(tiny_weights["DreamTakeCover-v0"])
    return [
        sys.executable, "-m", "dreamgym.cli", "train", "controller", "--env", "DreamTakeCover-v0",
        "--weights", weights, "--out", str(out), "--population", "4", "--eval-every", "0", "--workers", "1", *extra,
    ]  # fmt: skip


def test_train_controller_killed_mid_run_resumes_instead_of_restarting(
    tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "c"
    cmd = _controller_cmd(
        tiny_weights, out, "--generations", "15", "--rollouts", "2", "--max-steps", "150", "--termination", "sample"
    )
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while len(_rows(out / "log.csv")) < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = len(_rows(out / "log.csv"))
    assert 3 <= killed_at < 15, f"the kill should land mid-run (after generation {killed_at})"
    subprocess.run(cmd, check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    generations = [int(r["generation"]) for r in _rows(out / "log.csv")]
    assert generations == list(range(1, 16)), generations  # continued from the checkpoint, no generation twice
    for name in ("controller_mean.safetensors", "controller_best.safetensors"):
        load_controller(out / name)
    read_safetensors(out / "cma_state.safetensors", "cma_state")
    assert not list(out.glob(".*.tmp"))


def test_train_controller_resumed_after_a_kill_between_log_and_checkpoint_logs_each_generation_once(
    tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "c"
    cmd = _controller_cmd(tiny_weights, out, "--rollouts", "1", "--max-steps", "20")
    subprocess.run([*cmd, "--generations", "2"], check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    rows = _rows(out / "log.csv")
    with (out / "log.csv").open("a", newline="") as f:  # generation 3's row written, the kill before its checkpoint
        csv.writer(f).writerow([3 if k == "generation" else v for k, v in rows[-1].items()])
    subprocess.run([*cmd, "--generations", "4"], check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    assert [int(r["generation"]) for r in _rows(out / "log.csv")] == [1, 2, 3, 4]


def _kill_when(cmd: list[str], ready, timeout: float = 120) -> None:
    """Start ``cmd`` in its own process group and SIGKILL the whole group once ``ready()`` holds."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + timeout
    while not ready() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the command finished before the kill: make its run longer"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_pipeline_killed_mid_run_resumes_without_redoing_finished_stages(tmp_path: Path) -> None:
    work = tmp_path / "w"
    cmd = [
        sys.executable, "-m", "dreamgym.cli", "pipeline", "--env", "CartPole-v1", "--workdir", str(work),
        "--episodes", "6", "--workers", "1", "--vae-epochs", "60", "--mdnrnn-steps", "4", "--seq-len", "32",
        "--mdnrnn-batch", "4", "--generations", "2", "--population", "4", "--rollouts", "2", "--eval-episodes",
        "2", "--z-size", "8", "--hidden-size", "16", "--max-steps", "30",
    ]  # fmt: skip
    _kill_when(cmd, lambda: (work / "vae" / "checkpoint.safetensors").exists())  # mid-V, the data complete
    episodes = {p.name: p.stat().st_mtime_ns for p in (work / "data").glob("ep_*.npz")}
    assert len(episodes) == 6
    subprocess.run(cmd, check=True, timeout=600, capture_output=True)
    assert {p.name: p.stat().st_mtime_ns for p in (work / "data").glob("ep_*.npz")} == episodes  # not re-collected
    for f in ("vae.safetensors", "mdnrnn.safetensors", "controller.safetensors", "initial_latents.safetensors"):
        assert (work / "weights" / f).exists(), f
    assert len(list((work / "eval").glob("*.json"))) == 4


def test_evaluate_killed_mid_run_leaves_no_half_result(tmp_path: Path, weights_for_id) -> None:
    import json

    out = tmp_path / "eval.json"
    cmd = [
        sys.executable, "-m", "dreamgym.cli", "evaluate", "DreamTakeCover-v0", "--episodes", "100000",
        "--weights", str(weights_for_id("DreamTakeCover-v0")), "--out", str(out), "--termination", "sample",
    ]  # fmt: skip
    start = time.time()
    # far more episodes than a fast machine evaluates in 4 s (3,000 finished in under 4 s once), so the kill lands
    # mid-evaluation
    _kill_when(cmd, lambda: time.time() - start > 4)
    assert not out.exists() or json.loads(out.read_text())["episodes"] == 100000  # never half a file
    subprocess.run([*cmd[:5], "--episodes", "200", *cmd[7:]], check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    assert json.loads(out.read_text())["episodes"] == 200


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "dreamgym.cli", *args]


@pytest.fixture(scope="module")
def cartpole_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few CartPole episodes (the builder's frames): data for the V and M kill tests."""
    from dreamgym.training.collect import CollectArgs, collect
    from dreamgym.training.encode import EncodeArgs, encode
    from dreamgym.training.train_vae import VAEArgs, train_vae

    root = tmp_path_factory.mktemp("cartpole")
    collect(CollectArgs(None, root / "data", episodes=8, workers=1, seed=0, env="CartPole-v1"))
    train_vae(VAEArgs(None, root / "data", root / "vae", epochs=1, z_size=8, batch_size=32, env="CartPole-v1"))
    encode(EncodeArgs(root / "data", root / "vae" / "vae.safetensors", root / "encoded"))
    return root


def test_collect_killed_mid_run_keeps_its_episodes_and_finishes(tmp_path: Path) -> None:
    from dreamgym.training.episodes import read_episode

    out = tmp_path / "data"
    cmd = _cli("collect", "--env", "CartPole-v1", "--out", str(out), "--episodes", "60", "--workers", "1")
    _kill_when(cmd, lambda: len(list(out.glob("ep_*.npz"))) >= 3)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("ep_*.npz")}
    assert 3 <= len(before) < 60
    subprocess.run(cmd, check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("ep_*.npz")}
    assert len(after) == 60 and all(after[name] == t for name, t in before.items())  # resumed, nothing redone
    for p in out.glob("ep_*.npz"):
        assert len(read_episode(p)["actions"]) > 0
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("stage", ["vae", "mdnrnn"])
def test_training_killed_after_a_checkpoint_resumes_from_it(stage: str, cartpole_data: Path, tmp_path: Path) -> None:
    out = tmp_path / stage
    if stage == "vae":
        args = ["--data", str(cartpole_data / "data"), "--epochs", "25", "--batch-size", "8", "--z-size", "8"]
    else:
        args = ["--encoded", str(cartpole_data / "encoded"), "--steps", "4000", "--seq-len", "16", "--batch-size", "4"]
        args += ["--hidden-size", "16", "--eval-every", "1000"]
    cmd = _cli("train", stage, "--env", "CartPole-v1", "--out", str(out), "--checkpoint-minutes", "0.02", *args)
    checkpoint = out / "checkpoint.safetensors"
    _kill_when(cmd, lambda: checkpoint.exists() and len(_rows(out / "log.csv")) >= 3)
    killed_at = max(int(r["step"]) for r in _rows(out / "log.csv"))
    assert not (out / f"{stage}.safetensors").exists(), "the kill should land mid-run: make the run longer"
    subprocess.run(cmd, check=True, timeout=RESUME_TIMEOUT, capture_output=True)
    steps = [int(r["step"]) for r in _rows(out / "log.csv")]
    assert steps == sorted(set(steps)), "every step logged once: the resumed run continued, it did not restart"
    assert steps[-1] > killed_at and killed_at >= steps[0]
    read_safetensors(out / f"{stage}.safetensors", stage)
    read_safetensors(checkpoint, "checkpoint")
    assert not list(out.glob(".*.tmp"))
