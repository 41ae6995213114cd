"""Every registered dream id, every observation mode: Gymnasium and SB3 conventions, seeding, errors, vector env."""

from __future__ import annotations

import re
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from dreamgym.envs import DREAM_IDS, GAMES
from dreamgym.envs.dream_env import DreamEnv
from dreamgym.envs.sources import make_source_env, source_available
from dreamgym.envs.spec import OBSERVATION_MODES
from dreamgym.errors import ActionError, ConfigError, WeightsNotFoundError
from dreamgym.weights import ships_weights


@pytest.mark.parametrize("env_id", DREAM_IDS)
@pytest.mark.parametrize("observation", OBSERVATION_MODES)
def test_check_env_gymnasium_and_sb3(env_id: str, observation: str, tiny_weights: dict[str, Path]) -> None:
    sb3_checker = pytest.importorskip("stable_baselines3.common.env_checker")
    env = gym.make(env_id, weights=tiny_weights[env_id], observation=observation, render_mode="rgb_array")
    check_env(env.unwrapped, skip_render_check=False)
    sb3_checker.check_env(env, warn=True)
    env.close()
    env.close()


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_spaces_match_the_real_game(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id])
    game = env.unwrapped.game
    if not source_available(game):
        pytest.skip(f"{game.source_id} is not installed")
    source = make_source_env(game)
    assert env.action_space == source.action_space
    source.close()
    assert env.observation_space.dtype == np.float32 and env.observation_space.shape == (8 + 16,)
    assert np.isfinite(env.observation_space.low).all() and np.isfinite(env.observation_space.high).all()
    assert isinstance(env.unwrapped.metadata["render_fps"], int)
    assert env.spec.max_episode_steps == game.max_episode_steps


def _rollout(env: gym.Env, seed: int, actions: list) -> list[np.ndarray]:
    obs, _ = env.reset(seed=seed)
    out = [obs]
    for a in actions:
        obs, *_ = env.step(a)
        out.append(obs)
    return out


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_same_seed_same_actions_same_trajectory(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id])
    env.action_space.seed(0)
    actions = [env.action_space.sample() for _ in range(30)]
    a, b = _rollout(env, 7, actions), _rollout(env, 7, actions)
    c = _rollout(env, 8, actions)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c, strict=True))


@pytest.mark.parametrize("env_id", DREAM_IDS)
@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), "hot", None])
def test_bad_temperature_is_a_clear_value_error(env_id: str, bad: object, tiny_weights: dict[str, Path]) -> None:
    if bad is None:
        bad = [1.0]
    with pytest.raises(ValueError, match="temperature"):
        gym.make(env_id, weights=tiny_weights[env_id], temperature=bad)


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_temperature_can_change_live_and_is_validated(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id], temperature=0.5)
    assert env.unwrapped.temperature == 0.5
    env.unwrapped.temperature = 1.3
    assert env.unwrapped.temperature == 1.3
    with pytest.raises(ConfigError):
        env.unwrapped.temperature = -2


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_temperature_spreads_the_next_latent(env_id: str, tiny_weights: dict[str, Path]) -> None:
    def spread(tau: float) -> float:
        env = gym.make(env_id, weights=tiny_weights[env_id], temperature=tau, observation="z")
        action = env.action_space.sample() if env_id == "DreamCarRacing-v0" else 0
        if env_id == "DreamCarRacing-v0":
            action = np.array([0.0, 0.5, 0.0], np.float32)
        nxt = []
        for seed in range(200):
            env.reset(seed=seed % 4 * 0 + 3)  # same first z: only M's sampling differs
            env.unwrapped._dream.key[0] = seed
            nxt.append(env.step(action)[0])
        return float(np.std(np.array(nxt), axis=0).mean())

    spreads = [spread(t) for t in (0.01, 0.5, 1.0, 1.3)]
    assert spreads == sorted(spreads)
    assert spreads[0] < 0.2 * spreads[-1]


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_bad_kwargs_raise_clear_errors(env_id: str, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    w = tiny_weights[env_id]
    with pytest.raises(ConfigError, match="observation must be one of"):
        gym.make(env_id, weights=w, observation="rgb")
    with pytest.raises(ConfigError, match="render_mode"):
        gym.make(env_id, weights=w, render_mode="ansi")
    with pytest.raises(ConfigError, match="termination"):
        gym.make(env_id, weights=w, termination="never")
    with pytest.raises(ConfigError, match="device"):
        gym.make(env_id, weights=w, device="tpu:7")
    with pytest.raises(WeightsNotFoundError, match="not a directory"):
        gym.make(env_id, weights=tmp_path / "missing")


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_bad_actions_raise_clear_errors(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id])
    env.reset(seed=0)
    bad = (
        [3, -1, 1.5, "left", [0, 1]]
        if env_id == "DreamTakeCover-v0"
        else [np.array([2.0, 0, 0]), np.array([0, -0.5, 0]), np.array([np.nan, 0, 0]), [0.0, 1.0], "fast"]
    )
    for action in bad:
        with pytest.raises(ActionError, match=re.escape(env_id)):
            env.step(action)


def test_missing_pretrained_weights_say_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("dreamgym.weights.pretrained_dir", lambda game: tmp_path / game)
    for env_id in DREAM_IDS:
        with pytest.raises(WeightsNotFoundError, match="No pretrained weights ship"):
            gym.make(env_id)


@pytest.mark.parametrize("game", list(GAMES.values()), ids=lambda g: g.name)
def test_shipped_weights_load_and_pass_check_env(game) -> None:
    if not ships_weights(game):
        pytest.skip(f"no shipped weights for {game.name} yet")
    env = gym.make(game.dream_id)
    check_env(env.unwrapped)


def test_reachable_with_module_prefix(tiny_weights: dict[str, Path]) -> None:
    env = gym.make("dreamgym:DreamTakeCover-v0", weights=tiny_weights["DreamTakeCover-v0"])
    assert env.action_space.n == 3


def test_step_before_reset_is_an_error(tiny_weights: dict[str, Path]) -> None:
    env = DreamEnv("takecover", weights=tiny_weights["DreamTakeCover-v0"])
    with pytest.raises(gym.error.ResetNeeded):
        env.step(0)


@pytest.mark.parametrize("env_id", DREAM_IDS)
@pytest.mark.parametrize("observation", OBSERVATION_MODES)
def test_vector_env_matches_single_env_step_for_step(
    env_id: str, observation: str, tiny_weights: dict[str, Path]
) -> None:
    assert_vector_matches_single(env_id, tiny_weights[env_id], observation=observation, termination="sample")


def assert_vector_matches_single(env_id: str, weights: Path, n: int = 3, steps: int = 40, **kwargs: object) -> None:
    """A vector dream of ``n`` envs and ``n`` single dreams, same seeds and actions, agree step for step."""
    atol = 1 if kwargs.get("observation") == "pixels" else 1e-4  # batched decoding may round a pixel the other way
    venv = gym.make_vec(env_id, num_envs=n, weights=weights, **kwargs)
    assert venv.metadata["autoreset_mode"] == gym.vector.AutoresetMode.NEXT_STEP
    singles = [gym.make(env_id, weights=weights, **kwargs) for _ in range(n)]
    venv.action_space.seed(1)
    actions = [venv.action_space.sample() for _ in range(steps)]
    vobs, _ = venv.reset(seed=10)
    sobs = [e.reset(seed=10 + i)[0] for i, e in enumerate(singles)]
    np.testing.assert_allclose(vobs.astype(float), np.stack(sobs).astype(float), atol=atol)
    ended = [False] * n
    for t in range(steps):
        vobs, vr, vterm, vtrunc, _ = venv.step(actions[t])
        for i, e in enumerate(singles):
            if ended[i]:  # NEXT_STEP: the vector env resets this sub-env now; the single env resets too
                obs, _ = e.reset()
                r, term, trunc = 0.0, False, False
            else:
                obs, r, term, trunc, _ = e.step(actions[t][i])
            ended[i] = term or trunc
            np.testing.assert_allclose(vobs[i].astype(float), obs.astype(float), atol=atol, err_msg=f"env {i} step {t}")
            assert vr[i] == pytest.approx(r, abs=1e-4) and vterm[i] == term and vtrunc[i] == trunc


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_vector_env_honours_max_episode_steps(env_id: str, tiny_weights: dict[str, Path]) -> None:
    venv = gym.make_vec(env_id, num_envs=4, weights=tiny_weights[env_id], max_episode_steps=5)
    venv.reset(seed=0)
    for _ in range(5):
        _, _, term, trunc, _ = venv.step(venv.action_space.sample())
    assert (term | trunc).all() and trunc.any()
    _, reward, term, trunc, _ = venv.step(venv.action_space.sample())
    assert (reward == 0).all() and not (term | trunc).any()
    with pytest.raises(ActionError):
        venv.step(np.zeros(3))


def test_vector_render_and_rejects_bad_num_envs(tiny_weights: dict[str, Path]) -> None:
    w = tiny_weights["DreamTakeCover-v0"]
    venv = gym.make_vec("DreamTakeCover-v0", num_envs=2, weights=w, render_mode="rgb_array")
    venv.reset(seed=0)
    frames = venv.render()
    assert len(frames) == 2 and frames[0].shape == (256, 256, 3) and frames[0].dtype == np.uint8
    with pytest.raises(ConfigError, match="num_envs"):
        gym.make_vec("DreamTakeCover-v0", num_envs=0, weights=w)


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_docstring_documents_the_env(env_id: str, tiny_weights: dict[str, Path]) -> None:
    env = gym.make(env_id, weights=tiny_weights[env_id])
    doc = env.unwrapped.__doc__
    for section in (
        "## Action Space",
        "## Observation Space",
        "## Rewards",
        "## Episode Termination",
        "## Arguments",
        "## Version History",
    ):
        assert section in doc
    assert str(env.unwrapped.game.max_episode_steps) in doc
    assert f"default {env.unwrapped.game.default_temperature}" in doc
    assert env_id.split("-")[-1] + ":" in doc


def test_human_render_without_display_is_a_clear_error(
    tiny_weights: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dreamgym.errors import DisplayError

    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    monkeypatch.delenv("DISPLAY", raising=False)
    env = gym.make("DreamTakeCover-v0", weights=tiny_weights["DreamTakeCover-v0"], render_mode="human")
    with pytest.raises(DisplayError, match="SDL_VIDEODRIVER=dummy"):
        env.reset(seed=0)
    env.close()


@pytest.mark.parametrize("env_id", DREAM_IDS)
def test_compacted_dream_rollout_gives_the_returns_of_the_full_batch(env_id: str, tiny_weights: dict) -> None:
    import torch

    from dreamgym.models import ControllerConfig, LinearController
    from dreamgym.models.controller import row_actions
    from dreamgym.training.rollout import run_dream_episodes, run_episodes

    venv = gym.make_vec(env_id, num_envs=24, weights=tiny_weights[env_id], termination="sample", max_episode_steps=60)
    game = GAMES[next(n for n, g in GAMES.items() if g.dream_id == env_id)]
    config = ControllerConfig(venv.single_observation_space.shape[0], game.controller_outputs, game.controller_map)
    thetas = torch.randn(3, LinearController(config).num_params, generator=torch.Generator().manual_seed(0))
    owner = torch.arange(3).repeat_interleave(8)
    seeds = list(range(8)) * 3
    full = run_episodes(venv, lambda o: row_actions(config, thetas, owner, torch.from_numpy(o)).numpy(), seeds, 60)
    fast = run_dream_episodes(venv, lambda o, rows: row_actions(config, thetas, owner[rows], o), seeds, 60)
    assert len(set(full.tolist())) > 3  # episodes end at different steps, so rows do leave the batch
    np.testing.assert_allclose(fast, full, rtol=1e-4)
    venv.close()
