"""Every env id dreamgym registers, in one place."""

from __future__ import annotations

import gymnasium as gym

from dreamgym.envs.carracing import CARRACING
from dreamgym.envs.spec import GameSpec
from dreamgym.envs.takecover import TAKECOVER

GAMES: dict[str, GameSpec] = {g.name: g for g in (TAKECOVER, CARRACING)}
DREAM_IDS = tuple(g.dream_id for g in GAMES.values())

_ENTRY = {
    "takecover": ("dreamgym.envs.takecover:DreamTakeCoverEnv", "dreamgym.envs.takecover:DreamTakeCoverVectorEnv"),
    "carracing": ("dreamgym.envs.carracing:DreamCarRacingEnv", "dreamgym.envs.carracing:DreamCarRacingVectorEnv"),
}


def register_envs() -> None:
    """Register the dream ids (idempotent: importing dreamgym twice is harmless)."""
    for name, game in GAMES.items():
        if game.dream_id in gym.registry:
            continue
        entry, vector_entry = _ENTRY[name]
        gym.register(
            id=game.dream_id,
            entry_point=entry,
            vector_entry_point=vector_entry,
            max_episode_steps=game.max_episode_steps,
        )
    register_real_envs()


def register_real_envs() -> None:
    """Register the real twins whose games are installed (vizdoom, box2d)."""
    from dreamgym.envs.sources import source_available

    for name, game in GAMES.items():
        if game.real_id not in gym.registry and source_available(game):
            gym.register(id=game.real_id, entry_point=f"dreamgym.envs.real:make_real_{name}")


def game_by_name(name: str) -> GameSpec:
    """Look a game up by its short name (``takecover``, ``carracing``), with a clear error."""
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
