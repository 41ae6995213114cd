"""Multi-process clients must not hang: every start method of AsyncVectorEnv and SB3's SubprocVecEnv, each run in
a subprocess with a timeout so a hang fails the test instead of the suite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
import gymnasium as gym
import dreamgym
weights, client, context = sys.argv[1:4]
make = lambda: gym.make("dreamgym:DreamTakeCover-v0", weights=weights)  # spawned children import dreamgym by the id
if client == "async":
    envs = gym.vector.AsyncVectorEnv([make] * 2, context=context)
    envs.reset(seed=0)
    for _ in range(3):
        envs.step(envs.action_space.sample())
else:
    from stable_baselines3.common.vec_env import SubprocVecEnv
    envs = SubprocVecEnv([make] * 2, start_method=context)
    envs.reset()
    for _ in range(3):
        envs.step([envs.action_space.sample() for _ in range(2)])
envs.close()
print("stepped")
"""


@pytest.mark.parametrize(
    ("client", "context"),
    [("async", "fork"), ("async", "spawn"), ("async", "forkserver"), ("sb3", "fork")],
)
def test_multiprocess_clients_step_the_dream(client: str, context: str, tiny_weights: dict[str, Path]) -> None:
    if client == "sb3":
        pytest.importorskip("stable_baselines3")
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(tiny_weights["DreamTakeCover-v0"]), client, context],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the hung env workers too, not only the client
        proc.communicate()
        pytest.fail(f"{client} with the {context} start method hung (killed after 120 s)")
    assert proc.returncode == 0 and "stepped" in out, err[-2000:]
