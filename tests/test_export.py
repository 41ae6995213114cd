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
from dreamgym.envs.registration import game_for_id  # noqa: E402
from dreamgym.export import ExportArgs, export  # noqa: E402
from dreamgym.testing import shipped_dream_ids, write_random_world_model  # noqa: E402

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
    if (out / "controller_memory.onnx").exists():
        _memory_parity(out, venv.unwrapped.world_model.controller, dream.z.numpy(), game.discrete_actions)
    elif (out / "controller.onnx").exists():
        obs = np.concatenate([dream.z.numpy(), dream.h.numpy()], 1)
        (onnx_actions,) = ort.InferenceSession(str(out / "controller.onnx")).run(None, {"observation": obs})
        with torch.no_grad():
            torch_actions = venv.unwrapped.world_model.controller(torch.from_numpy(obs)).numpy()
        np.testing.assert_allclose(onnx_actions, torch_actions, atol=1e-5)
    venv.close()


def _memory_parity(out: Path, controller: torch.nn.Module, z: np.ndarray, discrete: int) -> None:
    """Three steps of a controller with its own M: the two graphs give its torch actions."""
    act = ort.InferenceSession(str(out / "controller.onnx"))
    memory = ort.InferenceSession(str(out / "controller_memory.onnx"))
    h = np.zeros((len(z), controller.memory.config.hidden_size), np.float32)
    c = h.copy()
    controller.reset()
    for t in range(3):
        zt = np.roll(z, t, axis=0)
        (onnx_actions,) = act.run(None, {"observation": np.concatenate([zt, h], 1)})
        with torch.no_grad():
            np.testing.assert_allclose(onnx_actions, controller(torch.from_numpy(zt)).numpy(), atol=1e-5)
        action = onnx_actions.astype(np.int64 if discrete else np.float32)
        h, c = memory.run(None, {"z": zt, "action": action, "h": h, "c": c})


@pytest.mark.parametrize("env_id", DREAMS)
def test_tiny_dreams_match_through_onnxruntime(env_id: str, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    _parity(env_id, tiny_weights[env_id], tmp_path)


@pytest.mark.parametrize("env_id", shipped_dream_ids())
def test_shipped_dreams_match_through_onnxruntime(env_id: str, tmp_path: Path) -> None:
    _parity(env_id, None, tmp_path, steps=10)
    assert {"dream_step.onnx", "decoder.onnx", "controller.onnx"} <= {p.name for p in tmp_path.iterdir()}


@pytest.mark.parametrize("env_id", DREAMS)
def test_a_controller_with_its_own_m_exports_both_graphs(env_id: str, tmp_path: Path) -> None:
    game = game_for_id(env_id)
    weights = write_random_world_model(tmp_path / "w", game, z_size=8, hidden_size=16, mixtures=3, memory_hidden=12)
    _parity(env_id, weights, tmp_path / "out", steps=3)
    manifest = json.loads((tmp_path / "out" / "dream.json").read_text())
    assert "controller_memory.onnx" in manifest["files"] and "own M" in manifest["controller"]


def test_a_dream_that_measures_the_speed_exports_and_decodes_v_dimensions_only(tmp_path: Path) -> None:
    weights = write_random_world_model(tmp_path / "w", GAMES["carracing"], 8, 16, 3, measured=1, memory_hidden=12)
    _parity("DreamCarRacing-v0", weights, tmp_path / "out", steps=3)
    manifest = json.loads((tmp_path / "out" / "dream.json").read_text())
    assert manifest["z_size"] == 9 and manifest["measurements"] == ["speed"]


def test_export_refuses_what_it_cannot_do(tiny_weights: dict[str, Path], tmp_path: Path, capsys) -> None:
    w = str(tiny_weights["DreamTakeCover-v0"])
    assert main(["export", "DreamTakeCover-v0", "--out", str(tmp_path), "--format", "tflite", "--weights", w]) == 2
    assert "--format" in capsys.readouterr().err
    assert main(["export", "RealTakeCover-v0", "--out", str(tmp_path), "--weights", w]) == 2
    assert "dream id" in capsys.readouterr().err
