"""Every env id dreamgym registers, in one place: one generic call per game, from its spec."""

from __future__ import annotations

import os
from pathlib import Path

import gymnasium as gym

from dreamgym.envs.spec import GameSpec
from dreamgym.games import GAMES, generic

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
    """Register every game's ids, and the generic ids whose game comes from the weights (idempotent)."""
    for game in GAMES.values():
        register_game(game)
    if generic.DREAM_ID not in gym.registry:
        gym.register(
            id=generic.DREAM_ID,
            entry_point="dreamgym.envs.dream_env:make_dream_env",
            vector_entry_point="dreamgym.envs.dream_vector_env:DreamVectorEnv",
        )
        gym.register(id=generic.REAL_ID, entry_point="dreamgym.envs.real:make_real_env")


def game_by_name(name: str) -> GameSpec:
    """Look a game up by its short name, or build the spec of ``env:ID`` (any Gymnasium pixel env), with a clear
    error."""
    from dreamgym.errors import ConfigError

    if generic.is_generic(name):
        return generic.spec_for_env(name[len(generic.PREFIX) :])
    if name not in GAMES:
        raise ConfigError(
            f"unknown game {name!r}; known games: {sorted(GAMES)}, or env:ID for any Gymnasium env with image "
            "observations or an rgb_array render"
        )
    return GAMES[name]


def game_of_weights(weights: str | os.PathLike) -> GameSpec:
    """The game a weight directory dreams, from its M's metadata (a generic game's whole spec is stored there)."""
    from dreamgym.errors import ConfigError
    from dreamgym.weights import MDNRNN_FILE, read_metadata

    meta = read_metadata(Path(weights) / MDNRNN_FILE, "mdnrnn")
    name = meta.get("game")
    if name in GAMES:
        return GAMES[name]
    if isinstance(meta.get("game_spec"), dict):
        return generic.spec_from_dict(meta["game_spec"])
    if isinstance(name, str) and generic.is_generic(name):
        return game_by_name(name)
    raise ConfigError(f"{weights}: M's metadata names no game dreamgym knows ({name!r}) and stores no game spec")


def stage_game(game: str | None, env: str | None) -> GameSpec:
    """The game a pipeline stage works on: a GAME name or ``--env ID`` (any Gymnasium pixel env), exactly one."""
    from dreamgym.errors import ConfigError

    if (game is None) == (env is None):
        raise ConfigError(
            f"give a GAME ({', '.join(GAMES)}) or --env ID (any Gymnasium env with image observations or an "
            "rgb_array render), one of the two"
        )
    return game_by_name(game if env is None else generic.PREFIX + env)


def game_for_id(env_id: str, weights: str | os.PathLike | None = None) -> GameSpec:
    """The game behind a registered dream or real id (for the generic ids, the game ``weights`` dream), with a
    clear error for unknown ids."""
    from dreamgym.errors import ConfigError

    if env_id.removeprefix("dreamgym:") in (generic.DREAM_ID, generic.REAL_ID):
        if weights is None:
            raise ConfigError(f"{env_id} dreams the game its weights were trained on: give --weights DIR")
        return game_of_weights(weights)

    for game in GAMES.values():
        if env_id in (game.dream_id, game.real_id, f"dreamgym:{game.dream_id}", f"dreamgym:{game.real_id}"):
            return game
    ids = [i for g in GAMES.values() for i in (g.dream_id, g.real_id)]
    raise ConfigError(f"unknown env id {env_id!r}; dreamgym envs are {ids}")
