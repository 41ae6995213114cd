"""A controller that carries its own M: it plays as it did in its own dream wherever z comes from the same V."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch

from dreamgym.cli import main
from dreamgym.envs import GAMES
from dreamgym.envs.registration import game_for_id
from dreamgym.envs.sources import source_available
from dreamgym.errors import WeightsError
from dreamgym.models import (
    MDNRNN,
    ControllerConfig,
    LinearController,
    MDNRNNConfig,
    MemoryController,
    reset_controller,
)
from dreamgym.training.evaluate import evaluate_dream
from dreamgym.training.policies import NoisyControllerPolicy
from dreamgym.training.rollout import play_episode
from dreamgym.weights import (
    CONTROLLER_FILE,
    MDNRNN_FILE,
    atomic_save,
    load_controller,
    load_mdnrnn,
    load_world_model,
    read_safetensors,
    save_controller,
    save_mdnrnn,
)

DREAMS = [g.dream_id for g in GAMES.values()]


def _bundle(weights: Path, out: Path) -> Path:
    """``weights``' controller carrying ``weights``' M, written by the CLI."""
    code = main(["bundle", str(weights / CONTROLLER_FILE), "--memory", str(weights / MDNRNN_FILE), "--out", str(out)])
    assert code == 0
    return out


def _other_m(weights: Path, directory: Path, seed: int = 7) -> Path:
    """A copy of ``weights`` whose M is another random M of the same architecture."""
    shutil.copytree(weights, directory)
    m = load_mdnrnn(weights / MDNRNN_FILE)
    torch.manual_seed(seed)
    save_mdnrnn(MDNRNN(m[0].config), directory / MDNRNN_FILE, {k: v for k, v in m[1].items() if k == "game"})
    return directory


@pytest.mark.parametrize("env_id", DREAMS)
def test_with_its_own_m_it_plays_its_dream_as_the_linear_controller(
    env_id: str, tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    w = tiny_weights[env_id]
    plain = load_controller(w / CONTROLLER_FILE)[0]
    carried = load_controller(_bundle(w, tmp_path / "c.safetensors"))[0]
    assert isinstance(carried, MemoryController)
    kwargs = {"weights": w, "termination": "sample"}  # tiny random Ms end episodes soon by sampling
    np.testing.assert_allclose(
        evaluate_dream(env_id, kwargs, carried, 6, seed=3), evaluate_dream(env_id, kwargs, plain, 6, seed=3), atol=1e-4
    )


def _actions(env_id: str, weights: Path, controller: torch.nn.Module, seed: int, steps: int = 30) -> np.ndarray:
    """The actions ``controller`` plays in one episode of ``env_id`` (first ``steps`` steps)."""
    env = gym.make(env_id, weights=weights)
    played: list[np.ndarray] = []

    def act(obs: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            played.append(controller(torch.from_numpy(obs)[None])[0].numpy())
        return played[-1]

    reset_controller(controller)
    play_episode(env, act, seed, steps)
    env.close()
    return np.stack(played).astype(np.float32)


@pytest.mark.parametrize("game", [g for g in GAMES.values() if source_available(g)], ids=lambda g: g.name)
def test_in_a_real_twin_of_another_m_it_plays_as_in_its_own(
    game, tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    w = tiny_weights[game.dream_id]
    other = _other_m(w, tmp_path / "other")
    plain = load_controller(w / CONTROLLER_FILE)[0]
    carried = load_controller(_bundle(w, tmp_path / "c.safetensors"))[0]
    own = _actions(game.real_id, w, plain, seed=5)
    np.testing.assert_allclose(_actions(game.real_id, other, carried, seed=5), own, atol=1e-5)
    if not game.discrete_actions:  # the same C reading the other M's h drives otherwise: the check above can fail
        assert not np.allclose(_actions(game.real_id, other, plain, seed=5), own, atol=1e-3)


def _config(inputs: int) -> ControllerConfig:
    return ControllerConfig(input_size=inputs, output_size=3, action_map="steer_gas_brake")


def _small() -> MemoryController:
    """C on z (4) and its own h (6), with random weights."""
    torch.manual_seed(0)
    c = LinearController(_config(10))
    c.set_flat(torch.randn(c.num_params))
    return MemoryController(c, MDNRNN(MDNRNNConfig(z_size=4, action_size=3, hidden_size=6)))


def test_it_reads_z_and_ignores_the_h_it_is_given() -> None:
    mc = _small()
    z = torch.randn(5, 2, 4)
    first = [mc(torch.cat([z[t], torch.randn(2, 16)], 1)) for t in range(5)]
    mc.reset()
    second = [mc(torch.cat([z[t], torch.zeros(2, 3)], 1)) for t in range(5)]
    for a, b in zip(first, second, strict=True):
        torch.testing.assert_close(a, b)
    with pytest.raises(ValueError, match="call reset"):
        mc(torch.zeros(3, 4))


def test_its_m_steps_on_the_action_played_not_the_one_it_chose() -> None:
    mc = _small()
    z0, z1 = torch.randn(1, 4), torch.randn(1, 4)
    played = torch.tensor([[0.5, 0.0, 1.0]])
    mc(z0)
    mc.played(played)
    after_noise = mc(z1)
    _, h, _ = mc.memory.step(z0, played, *mc.memory.initial_state(1))
    torch.testing.assert_close(after_noise, mc.controller(torch.cat([z1, h], 1)))


def test_noisy_collection_tells_the_controller_what_was_played(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    w = tiny_weights["DreamTakeCover-v0"]
    carried = load_controller(_bundle(w, tmp_path / "c.safetensors"))[0]
    game = game_for_id("DreamTakeCover-v0", w)
    policy = NoisyControllerPolicy(game, carried, np.random.default_rng(0), noise=1.0)
    obs = np.zeros(carried.config.input_size, np.float32)
    for _ in range(5):
        action = policy(obs)
        assert int(carried._pending[1][0]) == action


def test_files_that_do_not_fit_are_refused(tiny_weights: dict[str, Path], tmp_path: Path, capsys) -> None:
    w = tiny_weights["DreamCarRacing-v0"]
    path = _bundle(w, tmp_path / "c.safetensors")
    tensors, meta = read_safetensors(path, "controller")
    assert len(meta["memory_sha256"]) == 64 and any(k.startswith("memory.") for k in tensors)
    bad = tmp_path / "bad.safetensors"
    assert main(["bundle", str(path), "--memory", str(w / MDNRNN_FILE), "--out", str(bad)]) == 2
    assert "already carries" in capsys.readouterr().err
    small = MDNRNN(MDNRNNConfig(z_size=8, action_size=3, hidden_size=4))
    save_mdnrnn(small, tmp_path / "small.safetensors")
    args = ["bundle", str(w / CONTROLLER_FILE), "--memory", str(tmp_path / "small.safetensors"), "--out", str(bad)]
    assert main(args) == 2
    assert "do not fit" in capsys.readouterr().err
    assert not bad.exists()
    tensors["memory.lstm.weight_hh_l0"] = tensors["memory.lstm.weight_hh_l0"][:, :-1].contiguous()
    raw = {"dreamgym_kind": "controller"} | {k: json.dumps(v) for k, v in meta.items()}
    atomic_save(tensors, bad, raw)
    with pytest.raises(WeightsError, match="weight_hh_l0"):
        load_controller(bad)


def test_a_directory_whose_controller_m_reads_another_z_is_refused(
    tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    w = tiny_weights["DreamCarRacing-v0"]
    d = tmp_path / "w"
    shutil.copytree(w, d)

    m = MDNRNN(MDNRNNConfig(z_size=8, action_size=3, hidden_size=16))
    c = load_controller(w / CONTROLLER_FILE)[0]
    assert isinstance(c, LinearController)
    save_controller(MemoryController(c, m), d / CONTROLLER_FILE)
    load_world_model(d)  # fits: z 8 + own h 16
    m5 = MDNRNN(MDNRNNConfig(z_size=5, action_size=3, hidden_size=19))
    save_controller(MemoryController(c, m5), d / CONTROLLER_FILE)
    with pytest.raises(WeightsError, match="own M"):
        load_world_model(d)


def test_a_zoo_file_with_its_own_m_is_refused(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    from dreamgym.training.zoo import load_policy_module

    path = _bundle(tiny_weights["DreamCarRacing-v0"], tmp_path / "c.safetensors")
    with pytest.raises(WeightsError, match="memory"):
        load_policy_module(path)


def test_a_linked_controller_reads_the_m_file_it_was_bundled_with(
    tiny_weights: dict[str, Path], tmp_path: Path, capsys
) -> None:
    w = shutil.copytree(tiny_weights["DreamTakeCover-v0"], tmp_path / "w")
    (w / "zoo").mkdir()
    shutil.copyfile(w / MDNRNN_FILE, w / "zoo" / "own.safetensors")
    copied = load_controller(_bundle(w, tmp_path / "copied.safetensors"))[0]
    args = ["bundle", str(w / CONTROLLER_FILE), "--memory", str(w / "zoo" / "own.safetensors")]
    assert main([*args, "--out", str(w / "linked.safetensors"), "--link"]) == 0
    tensors, meta = read_safetensors(w / "linked.safetensors", "controller")
    assert meta["memory_file"] == "zoo/own.safetensors" and not any(k.startswith("memory.") for k in tensors)
    linked = load_controller(w / "linked.safetensors")[0]
    assert isinstance(linked, MemoryController)
    for a, b in zip(linked.state_dict().values(), copied.state_dict().values(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    _other_m(w, tmp_path / "changed")
    shutil.copyfile(tmp_path / "changed" / MDNRNN_FILE, w / "zoo" / "own.safetensors")
    with pytest.raises(WeightsError, match="changed since it was bundled"):
        load_controller(w / "linked.safetensors")
    (w / "zoo" / "own.safetensors").unlink()
    with pytest.raises(WeightsError, match="does not exist"):
        load_controller(w / "linked.safetensors")
