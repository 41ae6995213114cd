"""`dreamgym export --format onnx`: the graphs reproduce the torch dream through onnxruntime."""

from __future__ import annotations

import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from dreamgym.cli import main  # noqa: E402
from dreamgym.envs import GAMES, counter_rng  # noqa: E402
from dreamgym.export import ExportArgs, export  # noqa: E402
from dreamgym.testing import shipped_dream_ids  # noqa: E402

DREAMS = [g.dream_id for g in GAMES.values()]


def _parity(env_id: str, weights: Path | None, out: Path, steps: int = 25) -> None:
    export(ExportArgs(env_id, out, weights=weights))
    manifest = json.loads((out / "dream.json").read_text())
    step = ort.InferenceSession(str(out / "dream_step.onnx"))
    decoder = ort.InferenceSession(str(out / "decoder.onnx"))
    n = 6
    venv = gym.make_vec(env_id, num_envs=n, weights=weights, termination="sample")
    venv.reset(seed=11)
    dream = venv.unwrapped.batch
    game = venv.unwrapped.game
    assert (manifest["reward_budget"], manifest["step_reward"]) == (game.reward_budget, game.step_reward)
    dream.temperature = 0.8  # not the value the graph was traced with: the temperature is an input
    venv.action_space.seed(0)
    zs = manifest["z_size"]
    for _ in range(steps):
        actions = venv.action_space.sample()
        feed = {
            "z": dream.z.numpy().copy(),
            "action": np.asarray(actions, np.int64 if actions.dtype.kind == "i" else np.float32),
            "h": dream.h.numpy().copy(),
            "c": dream.c.numpy().copy(),
            "temperature": np.full(n, dream.temperature, np.float32),
            "draws": counter_rng.uniform(dream.key, dream.counter + 1, 3 * zs + 1).numpy(),
        }
        next_z, next_h, _, done, reward = step.run(None, feed)
        torch_reward, torch_term = dream.step(torch.from_numpy(np.asarray(actions)))
        np.testing.assert_allclose(next_z, dream.z.numpy(), atol=1e-4)
        np.testing.assert_allclose(next_h, dream.h.numpy(), atol=1e-5)
        np.testing.assert_allclose(done, dream.done_probability.numpy(), atol=1e-5)
        np.testing.assert_allclose(reward, torch_reward.numpy(), atol=1e-4)
        assert ((feed["draws"][:, 3 * zs] < done) == torch_term.numpy()).all()
    (frames,) = decoder.run(None, {"z": dream.z.numpy()})
    assert frames.dtype == np.uint8 and np.abs(frames.astype(int) - dream.frames().astype(int)).max() <= 1
    if (out / "controller.onnx").exists():
        obs = np.concatenate([dream.z.numpy(), dream.h.numpy()], 1)
        (onnx_actions,) = ort.InferenceSession(str(out / "controller.onnx")).run(None, {"observation": obs})
        with torch.no_grad():
            torch_actions = venv.unwrapped.world_model.controller(torch.from_numpy(obs)).numpy()
        np.testing.assert_allclose(onnx_actions, torch_actions, atol=1e-5)
    venv.close()


@pytest.mark.parametrize("env_id", DREAMS)
def test_tiny_dreams_match_through_onnxruntime(env_id: str, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    _parity(env_id, tiny_weights[env_id], tmp_path)


@pytest.mark.parametrize("env_id", shipped_dream_ids())
def test_shipped_dreams_match_through_onnxruntime(env_id: str, tmp_path: Path) -> None:
    _parity(env_id, None, tmp_path, steps=10)
    assert {"dream_step.onnx", "decoder.onnx", "controller.onnx"} <= {p.name for p in tmp_path.iterdir()}


def test_export_refuses_what_it_cannot_do(tiny_weights: dict[str, Path], tmp_path: Path, capsys) -> None:
    w = str(tiny_weights["DreamTakeCover-v0"])
    assert main(["export", "DreamTakeCover-v0", "--out", str(tmp_path), "--format", "tflite", "--weights", w]) == 2
    assert "--format" in capsys.readouterr().err
    assert main(["export", "RealTakeCover-v0", "--out", str(tmp_path), "--weights", w]) == 2
    assert "dream id" in capsys.readouterr().err
