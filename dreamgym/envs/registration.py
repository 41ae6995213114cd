"""Every env id dreamgym registers, in one place: one generic call per game, from its spec."""

from __future__ import annotations

import gymnasium as gym

from dreamgym.envs.spec import GameSpec
from dreamgym.games import GAMES

DREAM_IDS = tuple(g.dream_id for g in GAMES.values())


def register_game(game: GameSpec) -> None:
    """Register ``game``'s dream id (single and vector entry points) and, when its game is installed, its real
    twin; idempotent."""
    from dreamgym.envs.sources import source_available

    if game.dream_id not in gym.registry:
        gym.register(
            id=game.dream_id,
            entry_point="dreamgym.envs.dream_env:DreamEnv",
            vector_entry_point="dreamgym.envs.dream_vector_env:DreamVectorEnv",
            max_episode_steps=game.max_episode_steps,
            reward_threshold=game.reward_threshold,
            kwargs={"game": game.name},
        )
    if game.real_id not in gym.registry and source_available(game):
        gym.register(
            id=game.real_id,
            entry_point="dreamgym.envs.real:make_real_env",
            reward_threshold=game.reward_threshold,
            kwargs={"game": game.name},
        )


def register_envs() -> None:
    """Register every game's ids (importing dreamgym twice is harmless)."""
    for game in GAMES.values():
        register_game(game)


def game_by_name(name: str) -> GameSpec:
    """Look a game up by its short name, with a clear error."""
    from dreamgym.errors import ConfigError

    if name not in GAMES:
        raise ConfigError(f"unknown game {name!r}; known games: {sorted(GAMES)}")
    return GAMES[name]


def game_for_id(env_id: str) -> GameSpec:
    """The game behind a registered dream or real id, with a clear error for unknown ids."""
    from dreamgym.errors import ConfigError

    for game in GAMES.values():
        if env_id in (game.dream_id, game.real_id, f"dreamgym:{game.dream_id}", f"dreamgym:{game.real_id}"):
            return game
    ids = [i for g in GAMES.values() for i in (g.dream_id, g.real_id)]
    raise ConfigError(f"unknown env id {env_id!r}; dreamgym envs are {ids}")
