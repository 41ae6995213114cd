"""Every id dreamgym registers, taken from Gymnasium's registry (a new game is covered without editing a test)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import data_equivalence

import dreamgym
from dreamgym.envs.registration import game_for_id
from dreamgym.envs.spec import GameSpec
from dreamgym.games import GAMES, generic

IDS = sorted(i for i, s in gym.registry.items() if str(s.entry_point).startswith("dreamgym."))


GENERIC = (generic.DREAM_ID, generic.REAL_ID)


def test_every_game_registers_its_dream() -> None:
    assert {g.dream_id for g in GAMES.values()} <= set(IDS)


@pytest.mark.parametrize("game", list(GAMES.values()), ids=lambda g: g.name)
def test_generic_code_never_names_a_game(game: GameSpec) -> None:
    def flat(text: str) -> str:  # "Take Cover", "take_cover" and "TakeCover" all read "takecover"
        return text.lower().replace(" ", "").replace("_", "").replace("-", "")

    package = Path(dreamgym.__file__).parent
    words = {flat(game.name), flat(game.source_package), flat(game.source_id.split("-v")[0])}
    named = []
    for path in package.rglob("*.py"):
        if package / "games" in path.parents:
            continue
        text = flat(path.read_text())
        named += [f"{path.relative_to(package)}: {w}" for w in words if w in text]
    assert not named, f"game-specific words outside dreamgym/games (move them into the game's module): {named}"


def test_the_generic_ids_are_registered() -> None:
    assert set(GENERIC) <= set(IDS)


@pytest.mark.parametrize("env_id", [i for i in IDS if i not in GENERIC])
def test_spec_carries_the_game_and_its_solved_line(env_id: str) -> None:
    spec = gym.spec(env_id)
    game = game_for_id(env_id)
    assert spec.kwargs["game"] == game.name
    assert spec.reward_threshold == game.reward_threshold


@pytest.mark.parametrize("env_id", IDS)
def test_pickle_and_deepcopy_give_the_same_episode(env_id: str, weights_for_id) -> None:
    env = gym.make(env_id, weights=weights_for_id(env_id))
    for twin in (pickle.loads(pickle.dumps(env)), copy.deepcopy(env)):
        assert data_equivalence(env.reset(seed=3)[0], twin.reset(seed=3)[0])
        action = env.action_space.sample()
        assert data_equivalence(env.step(action)[:4], twin.step(action)[:4])
        twin.close()
    env.close()


@pytest.mark.parametrize("env_id", IDS)
def test_spec_round_trips_through_make(env_id: str, weights_for_id) -> None:
    env = gym.make(env_id, weights=weights_for_id(env_id))
    again = gym.make(env.spec)
    assert again.spec.kwargs == env.spec.kwargs
    np.testing.assert_array_equal(env.reset(seed=5)[0], again.reset(seed=5)[0])
    env.close()
    again.close()


def test_gymnasium_register_envs_and_module_prefixed_ids(weights_for_id) -> None:
    gym.register_envs(dreamgym)  # the idiom Gymnasium documents for env packages (a no-op beyond the import)
    for env_id in IDS:
        env = gym.make(f"dreamgym:{env_id}", weights=weights_for_id(env_id))
        assert env.spec.id == env_id
        env.close()


@pytest.mark.parametrize("env_id", [i for i in IDS if i.removeprefix("dreamgym:").split("/")[-1].startswith("Real")])
def test_real_twins_pass_gymnasium_and_sb3_checks(env_id: str, weights_for_id) -> None:
    from gymnasium.utils.env_checker import check_env
    from stable_baselines3.common.env_checker import check_env as sb3_check_env

    from dreamgym.envs.sources import source_available

    if not source_available(game_for_id(env_id, weights_for_id(env_id))):
        pytest.skip(f"the real game of {env_id} is not installed")
    env = gym.make(env_id, weights=weights_for_id(env_id))
    check_env(env.env)  # below the PassiveEnvChecker gym.make adds; render modes come from the real game
    sb3_check_env(gym.make(env_id, weights=weights_for_id(env_id)))
    env.close()
