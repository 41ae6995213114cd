"""The generic builder: any Gymnasium pixel env through `--env`, end to end, and its clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
import torch
from gymnasium.utils.env_checker import check_env

from dreamgym.cli import main
from dreamgym.errors import ConfigError
from dreamgym.games import generic
from dreamgym.models.controller import ControllerConfig, LinearController
from dreamgym.training.collect import CollectArgs, collect

ENV = "CartPole-v1"  # no game module names it; its frames come from its rgb_array render


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole tiny pipeline of CartPole through `--env`, as a user would run it (at 128x128 frames)."""
    work = tmp_path_factory.mktemp("generic")
    tiny = "--episodes 3 --workers 1 --vae-epochs 1 --mdnrnn-steps 4 --seq-len 64 --mdnrnn-batch 4 --generations 2"
    tiny += " --population 4 --rollouts 2 --eval-episodes 2 --z-size 8 --hidden-size 16 --max-steps 40"
    cmd = [
        sys.executable,
        "-m",
        "dreamgym.cli",
        "pipeline",
        "--env",
        ENV,
        "--workdir",
        str(work),
        "--crop",
        "150,350,0,600",
        "--frame-size",
        "128",
    ]
    subprocess.run(cmd + tiny.split(), check=True, timeout=300)
    return work


def test_pipeline_dreams_an_env_no_game_module_names(run: Path) -> None:
    weights = run / "weights"
    env = gym.make(generic.DREAM_ID, weights=weights)
    assert env.action_space == gym.spaces.Discrete(2) and env.observation_space.shape == (8 + 16,)
    assert env.unwrapped.game.name == f"env:{ENV}" and env.unwrapped.game.source_id == ENV
    check_env(env.unwrapped)
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    sb3_check_env(gym.make(generic.DREAM_ID, weights=weights))
    real = gym.make(generic.REAL_ID, weights=weights)
    assert real.observation_space == env.observation_space and real.action_space == env.action_space
    obs, _ = real.reset(seed=0)
    assert real.observation_space.contains(obs)
    real.close()
    venv = gym.make_vec(generic.DREAM_ID, num_envs=3, weights=weights)
    assert venv.reset(seed=0)[0].shape == (3, 24)
    manifest = json.loads((run / "data" / "manifest.json").read_text())
    assert manifest["crop"] == [150, 350, 0, 600] and manifest["frame_size"] == 128
    evals = sorted(p.name for p in (run / "eval").glob("*.json"))
    assert "dreamgym_Dream-v0_controller.json" in evals and "dreamgym_Real-v0_random.json" in evals


def test_frame_size_flows_from_the_data_to_v_and_both_envs(run: Path) -> None:
    weights = run / "weights"
    dream = gym.make(generic.DREAM_ID, weights=weights, observation="pixels")
    real = gym.make(generic.REAL_ID, weights=weights, observation="pixels")
    assert dream.observation_space.shape == real.observation_space.shape == (128, 128, 3)
    assert dream.reset(seed=0)[0].shape == real.reset(seed=0)[0].shape == (128, 128, 3)
    assert dream.step(0)[0].shape == real.step(0)[0].shape == (128, 128, 3)
    real.close()
    with pytest.raises(ConfigError, match="128x128"):
        collect(CollectArgs(None, run / "data", episodes=4, workers=1, frame_size=64, env=ENV))
    with pytest.raises(ConfigError, match="frame-size"):
        collect(CollectArgs(None, run / "other", episodes=1, workers=1, frame_size=100, env=ENV))
    with pytest.raises(ConfigError, match="V sees 128x128"):
        controller = str(weights / "controller.safetensors")
        collect(CollectArgs(None, run / "third", 1, 1, controller=controller, weights=weights, frame_size=64, env=ENV))


def test_v_refuses_frame_sizes_it_has_no_layers_for() -> None:
    from dreamgym.models.vae import VAE, VAEConfig

    with pytest.raises(ValueError, match="frame_size"):
        VAEConfig(frame_size=96)
    for size in (64, 128, 256):
        recon, _, _ = VAE(VAEConfig(z_size=4, frame_size=size))(torch.rand(1, 3, size, size))
        assert recon.shape == (1, 3, size, size)


def test_the_dream_comes_from_the_weights_metadata_alone(run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generic.spec_for_env.cache_clear()
    monkeypatch.setattr(generic, "_make", lambda *a, **k: pytest.fail("the dream must not need the real env"))
    env = gym.make(generic.DREAM_ID, weights=run / "weights", max_episode_steps=7)
    env.reset(seed=1)
    steps = sum(1 for _ in iter(lambda: env.step(0)[2:4] == (False, False), False))
    assert steps <= 6
    generic.spec_for_env.cache_clear()


def test_generic_ids_need_weights() -> None:
    for env_id in (generic.DREAM_ID, generic.REAL_ID):
        with pytest.raises(ConfigError, match="weights"):
            gym.make(env_id)


class _DictActions(gym.Env):
    observation_space = gym.spaces.Box(0, 255, (8, 8, 3), np.uint8)
    action_space = gym.spaces.Dict({"a": gym.spaces.Discrete(2)})

    def reset(self, *, seed=None, options=None):
        return np.zeros((8, 8, 3), np.uint8), {}


class _NoPixels(gym.Env):
    metadata = {"render_modes": []}
    observation_space = gym.spaces.Box(-1, 1, (4,), np.float32)
    action_space = gym.spaces.Discrete(2)


def test_envs_the_builder_cannot_serve_are_refused_before_any_data(tmp_path: Path) -> None:
    gym.register("DictActionsTest-v0", entry_point=_DictActions)
    gym.register("NoPixelsTest-v0", entry_point=_NoPixels)
    for env_id, message in (
        ("NotAnEnv-v0", "not a registered Gymnasium id"),
        ("DictActionsTest-v0", "Discrete\\(n\\) and 1-D Box"),
        ("NoPixelsTest-v0", "rgb_array"),
        ("no_such_module:Thing-v0", "not installed"),
    ):
        with pytest.raises(ConfigError, match=message):
            collect(CollectArgs(None, tmp_path / "data", episodes=1, env=env_id))
        assert not (tmp_path / "data").exists()
    with pytest.raises(ConfigError, match="one of the two"):
        collect(CollectArgs("takecover", tmp_path / "data", episodes=1, env=ENV))
    with pytest.raises(ConfigError, match="--crop"):
        collect(CollectArgs(None, tmp_path / "data", episodes=1, env=ENV, crop="10,5,0,9"))
    assert main(["collect", "--env", "NotAnEnv-v0", "--out", str(tmp_path / "cli")]) == 2


def test_box_and_argmax_action_maps() -> None:
    box = LinearController(ControllerConfig(2, 2, "box", True, (-2.0, 0.0), (2.0, 10.0)))
    with torch.no_grad():
        box.bias.copy_(torch.tensor([20.0, -20.0]))  # tanh saturates: the bounds exactly
    np.testing.assert_allclose(box(torch.zeros(1, 2)).detach().numpy(), [[2.0, 0.0]], atol=1e-5)
    arg = LinearController(ControllerConfig(2, 4, "argmax"))
    with torch.no_grad():
        arg.bias.copy_(torch.tensor([0.0, 0.5, -1.0, 0.2]))
    assert arg(torch.zeros(3, 2)).tolist() == [1, 1, 1]
    with pytest.raises(ValueError, match="bound per output"):
        LinearController(ControllerConfig(2, 2, "box"))


def test_generic_play_keys_map_arrows_to_actions() -> None:
    import dataclasses

    from dreamgym.play.keys import keys_to_action

    cartpole = generic.spec_for_env(ENV)
    keys = cartpole.hook("key_action")
    assert (keys(set()), keys({"left"}), keys({"right"})) == (0, 0, 1)
    ale_like = dataclasses.replace(
        cartpole, discrete_actions=6, action_meanings=("NOOP", "FIRE", "UP", "RIGHT", "LEFT", "UPRIGHT")
    )
    keys = ale_like.hook("key_action")
    assert (keys(set()), keys({"left"}), keys({"up", "right"}), keys({"down"})) == (0, 4, 5, 0)
    car = generic.spec_for_env("CarRacing-v3")
    keys = car.hook("key_action")
    np.testing.assert_array_equal(keys(set()), [0, 0, 0])
    np.testing.assert_array_equal(keys({"left", "up"}), [-1, 1, 0])
    assert len(keys_to_action(car)) == 7  # left, right, up and their combinations (down is gas 0: the no-op)


def test_cli_plays_a_built_dream_and_its_real_twin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dreamgym.testing import write_random_world_model

    weights = write_random_world_model(tmp_path / "w", generic.spec_for_env(ENV), z_size=8, hidden_size=16, mixtures=3)
    for env_id in (generic.DREAM_ID, generic.REAL_ID):
        main(["play", env_id, "--weights", str(weights), "--max-steps", "5", "--fps", "0"])
        assert f"{env_id}: 5 steps" in capsys.readouterr().out


def test_a_spec_with_training_defaults_round_trips_through_metadata() -> None:
    import dataclasses

    from dreamgym.envs import GAMES

    spec = dataclasses.replace(
        GAMES["lunarlander"], training_defaults=(("mdnrnn.done_weight", 1.0), ("vae.salient_weight", 20.0))
    )
    back = generic.spec_from_dict(json.loads(json.dumps(generic.spec_to_dict(spec))))
    assert back.training_defaults == spec.training_defaults and back.salient_colour == spec.salient_colour
    assert back.training_default("mdnrnn.done_weight", 10.0) == 1.0
    assert back.training_default("mdnrnn.reward_weight", 1.0) == 1.0  # not named: the fallback
