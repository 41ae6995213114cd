"""Stable-Baselines3: PPO runs on every dream id, single env and through the batched adapter."""

from __future__ import annotations

from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from dreamgym.envs import DREAM_IDS

sb3 = pytest.importorskip("stable_baselines3")


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_ppo_learns_a_few_hundred_steps_single_env(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id])
    model = sb3.PPO("MlpPolicy", env, n_steps=64, batch_size=32, n_epochs=1, seed=0, device="cpu")
    model.learn(200)


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_ppo_on_the_batched_adapter(env_id: str, tiny_weights: dict[str, Path]) -> None:
    from dreamgym.sb3 import make_vec_env

    venv = make_vec_env(env_id, n_envs=8, seed=0, weights=tiny_weights[env_id])
    model = sb3.PPO("MlpPolicy", venv, n_steps=32, batch_size=64, n_epochs=1, seed=0, device="cpu")
    model.learn(512)


def test_adapter_follows_sb3_autoreset_contract(tiny_weights: dict[str, Path]) -> None:
    from dreamgym.sb3 import DreamSB3VecEnv

    w = tiny_weights["DreamTakeCover-v0"]
    venv = DreamSB3VecEnv(gym.make_vec("DreamTakeCover-v0", num_envs=4, weights=w, max_episode_steps=3))
    venv.seed(5)
    obs = venv.reset()
    for _ in range(3):
        venv.step_async(np.zeros(4, np.int64))
        obs, rewards, dones, infos = venv.step_wait()
    assert dones.all()
    for i in range(4):
        assert "terminal_observation" in infos[i]
        truncated = infos[i]["TimeLimit.truncated"]
        assert isinstance(truncated, bool)
        assert not np.array_equal(infos[i]["terminal_observation"], obs[i])
    venv.step_async(np.zeros(4, np.int64))
    _, rewards, dones, _ = venv.step_wait()
    assert not dones.any() and (rewards == 1).all()  # a fresh step of the new episode, not a NEXT_STEP no-op


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_exported_ppo_actor_acts_as_sb3_predicts(env_id: str, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    import torch

    from dreamgym.sb3 import export_policy, make_vec_env
    from dreamgym.weights import load_mlp_policy

    venv = make_vec_env(env_id, n_envs=8, seed=0, weights=tiny_weights[env_id])
    model = sb3.PPO("MlpPolicy", venv, n_steps=16, batch_size=64, n_epochs=1, seed=0, device="cpu")
    model.learn(128)
    export_policy(model, tmp_path / "ppo.safetensors", {"command": "test"})
    policy, meta = load_mlp_policy(tmp_path / "ppo.safetensors")
    obs = np.stack([venv.observation_space.sample() for _ in range(32)])
    expected, _ = model.predict(obs, deterministic=True)
    with torch.inference_mode():
        actual = policy(torch.from_numpy(obs)).numpy()
    np.testing.assert_allclose(actual, expected, atol=1e-5)
    assert meta["command"] == "test"


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_checkpoint_selection_restores_the_dreams_best(env_id: str, tiny_weights: dict[str, Path]) -> None:
    from dreamgym.sb3 import DreamCheckpointSelection, make_vec_env

    weights = tiny_weights[env_id]
    venv = make_vec_env(env_id, n_envs=4, seed=0, weights=weights)
    model = sb3.PPO("MlpPolicy", venv, n_steps=16, batch_size=64, n_epochs=1, seed=0, device="cpu")
    selection = DreamCheckpointSelection(env_id, every=64, episodes=3, seed=7, weights=weights)
    model.learn(256, callback=selection)
    steps = [t for t, _ in selection.history]
    assert steps == sorted(steps) and len(steps) >= 4 and steps[-1] == model.num_timesteps
    best_at, best = max(selection.history, key=lambda h: h[1])
    assert selection.restore_best() == best_at  # the first of equal scores, as max picks
    assert selection.score() == pytest.approx(best)  # the same episodes, the restored parameters


def test_checkpoint_selection_refuses_bad_settings(tiny_weights: dict[str, Path]) -> None:
    from dreamgym.errors import ConfigError
    from dreamgym.sb3 import DreamCheckpointSelection

    w = tiny_weights["DreamTakeCover-v0"]
    with pytest.raises(ConfigError, match="every"):
        DreamCheckpointSelection("DreamTakeCover-v0", every=0, weights=w)
    with pytest.raises(ConfigError, match="restore_best"):
        DreamCheckpointSelection("DreamTakeCover-v0", every=10, weights=w).restore_best()
