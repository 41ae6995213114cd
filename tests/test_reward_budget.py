"""A dream pays no more than its game's reward budget in an episode and ends the episode that reaches it."""

from __future__ import annotations

from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from dreamgym.envs import DREAM_IDS, GAMES
from dreamgym.envs.spec import parse_reward_budget
from dreamgym.errors import ConfigError
from tests.test_dream_envs import assert_vector_matches_single

STEPS = 40


def _episode(env_id: str, weights: Path, budget: object) -> tuple[list[np.ndarray], list[float], list[bool]]:
    env = gym.make(env_id, weights=weights, reward_budget=budget)
    env.action_space.seed(5)
    obs, rewards, ends = [env.reset(seed=3)[0]], [], []
    for _ in range(STEPS):
        o, r, term, trunc, _ = env.step(env.action_space.sample())
        obs.append(o)
        rewards.append(r)
        ends.append(term)
        if term or trunc:
            break
    return obs, rewards, ends


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_the_budget_caps_the_pay_and_ends_the_episode(env_id: str, tiny_weights: dict[str, Path]) -> None:
    game = next(g for g in GAMES.values() if g.dream_id == env_id)
    free_obs, free, free_ends = _episode(env_id, tiny_weights[env_id], None)
    gained = np.cumsum(np.array(free) - game.step_reward)
    budget = max(0.5 * float(gained.max()), 1.0)  # reached half-way where the dream earns; never where it loses
    obs, paid, ends = _episode(env_id, tiny_weights[env_id], budget)
    reached = np.flatnonzero(gained >= budget)
    last = int(reached[0]) if reached.size else len(free) - 1
    assert len(paid) == last + 1
    for a, b in zip(obs, free_obs, strict=False):
        np.testing.assert_allclose(a, b, atol=1e-5)  # the budget changes pay and ending, never the dynamics
    np.testing.assert_allclose(paid[:last], free[:last], atol=1e-5)
    if reached.size:
        assert ends[-1] and not any(ends[:-1])
        assert float(np.sum(np.array(paid) - game.step_reward)) == pytest.approx(budget, abs=1e-3)
    else:
        assert ends == free_ends


@pytest.mark.parametrize("env_id", ["DreamTakeCover-v0", "DreamCarRacing-v0"])
def test_vector_env_matches_single_env_under_a_budget(env_id: str, tiny_weights: dict[str, Path]) -> None:
    assert_vector_matches_single(env_id, tiny_weights[env_id], steps=30, reward_budget=2.5)


def test_compacted_rollout_carries_each_dreams_earnings(tiny_weights: dict[str, Path]) -> None:
    import torch

    from dreamgym.training.rollout import run_dream_episodes, run_episodes

    env_id = "DreamTakeCover-v0"
    venv = gym.make_vec(env_id, num_envs=12, weights=tiny_weights[env_id], termination="sample", reward_budget=9)
    seeds = list(range(12))
    full = run_episodes(venv, lambda o: np.zeros(len(o), np.int64), seeds, 30)
    fast = run_dream_episodes(venv, lambda o, rows: torch.zeros(len(rows), dtype=torch.int64), seeds, 30)
    assert full.max() == 9 and full.min() < 9  # some episodes end by the done head first, the rest by the budget
    np.testing.assert_allclose(fast, full)


def test_carracing_pays_at_most_a_lap_and_none_turns_it_off(tiny_weights: dict[str, Path]) -> None:
    w = tiny_weights["DreamCarRacing-v0"]
    assert gym.make("DreamCarRacing-v0", weights=w).unwrapped._dream.budget == 1000.0
    assert gym.make("DreamCarRacing-v0", weights=w, reward_budget=None).unwrapped._dream.budget is None
    assert gym.make("DreamTakeCover-v0", weights=tiny_weights["DreamTakeCover-v0"]).unwrapped._dream.budget is None
    assert "reward_budget" in gym.make("DreamCarRacing-v0", weights=w).unwrapped.__doc__


@pytest.mark.parametrize("bad", ["lap", 0, -5.0, True, float("nan"), [1000]])
def test_bad_budgets_are_named(bad: object, tiny_weights: dict[str, Path]) -> None:
    with pytest.raises(ConfigError, match="reward_budget"):
        gym.make("DreamCarRacing-v0", weights=tiny_weights["DreamCarRacing-v0"], reward_budget=bad)
    with pytest.raises(ConfigError, match="reward_budget"):
        gym.make_vec("DreamCarRacing-v0", num_envs=2, weights=tiny_weights["DreamCarRacing-v0"], reward_budget=bad)


def test_command_line_budgets() -> None:
    assert parse_reward_budget("game") == "game"
    assert parse_reward_budget("None") is None
    assert parse_reward_budget("750") == 750.0
    with pytest.raises(ConfigError, match="--reward-budget"):
        parse_reward_budget("a lap")


@pytest.mark.parametrize(("flag", "recorded"), [(None, 1000.0), ("none", None), ("7", 7.0)])
def test_cma_es_records_the_budget_its_dream_paid(
    flag: str | None, recorded: float | None, tiny_weights: dict[str, Path], tmp_path: Path
) -> None:
    from dreamgym.training.train_controller import ControllerArgs, train_controller
    from dreamgym.weights import load_controller

    args = ControllerArgs("DreamCarRacing-v0", tiny_weights["DreamCarRacing-v0"], tmp_path, generations=1, population=4)
    args.rollouts, args.max_steps, args.eval_every, args.reward_budget = 2, 10, 0, flag
    train_controller(args)
    assert load_controller(tmp_path / "controller_mean.safetensors")[1]["reward_budget"] == recorded
