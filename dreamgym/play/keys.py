"""Key maps as plain data: pygame's arrows by name, and the common controls. Each game maps held arrow names to
its action in its own ``key_action`` hook."""

from __future__ import annotations

from typing import Any

import pygame

from dreamgym.envs.spec import GameSpec

ARROWS = {pygame.K_LEFT: "left", pygame.K_RIGHT: "right", pygame.K_UP: "up", pygame.K_DOWN: "down"}
"""pygame key -> the arrow name a game's ``key_action`` hook reads."""

CONTROLS = {
    "Tab": "switch between you and the shipped controller (any driving key takes over from the agent)",
    "[ / ]": "lower / raise the dream temperature by 0.05",
    "R": "reset the episode",
    "P or Space": "pause",
    "H": "show this help",
    "Esc": "quit (closing the window too)",
}
DRIVING_KEYS = tuple(ARROWS)


def key_action(game: GameSpec, pressed: set[int]) -> Any:
    """The game's action for the held pygame keys (no key: the game's no-op)."""
    return game.hook("key_action")({ARROWS[k] for k in pressed if k in ARROWS})


def keys_to_action(game: GameSpec) -> dict[tuple[int, ...], Any]:
    """The mapping `gymnasium.utils.play.play` expects, for every non-empty combination of the arrows the game
    reads (no key is play()'s ``noop``, the game's action for no key)."""
    noop = key_action(game, set())
    keys = tuple(k for k in DRIVING_KEYS if not _same(key_action(game, {k}), noop))
    mapping: dict[tuple[int, ...], Any] = {}
    for mask in range(1, 1 << len(keys)):
        combo = tuple(sorted(k for i, k in enumerate(keys) if mask >> i & 1))
        mapping[combo] = key_action(game, set(combo))
    return mapping


def _same(a: Any, b: Any) -> bool:
    import numpy as np

    return bool(np.array_equal(np.asarray(a), np.asarray(b)))
