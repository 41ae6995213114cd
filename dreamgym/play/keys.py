"""Key maps as plain data: which keys move, and the common controls."""

from __future__ import annotations

import numpy as np
import pygame

TAKECOVER_KEYS = {pygame.K_RIGHT: 1, pygame.K_LEFT: 2}
"""Take Cover: right arrow = 1 (move right), left arrow = 2 (move left), no key = 0 (no-op)."""

CONTROLS = {
    "Tab": "switch between you and the shipped controller (any driving key takes over from the agent)",
    "[ / ]": "lower / raise the dream temperature by 0.05",
    "R": "reset the episode",
    "P or Space": "pause",
    "H": "show this help",
    "Esc": "quit (closing the window too)",
}
DRIVING_KEYS = (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN)


def takecover_action(pressed: set[int]) -> int:
    """The Take Cover action for the held keys (the most recently listed arrow wins if both are held)."""
    if pygame.K_LEFT in pressed and pygame.K_RIGHT not in pressed:
        return 2
    if pygame.K_RIGHT in pressed and pygame.K_LEFT not in pressed:
        return 1
    return 0


def carracing_action(pressed: set[int]) -> np.ndarray:
    """CarRacing (steer, gas, brake) for the held keys: arrows steer, up = gas, down = brake; keys combine."""
    steer = float(pygame.K_RIGHT in pressed) - float(pygame.K_LEFT in pressed)
    gas = 1.0 if pygame.K_UP in pressed else 0.0
    brake = 0.8 if pygame.K_DOWN in pressed else 0.0
    return np.array([steer, gas, brake], np.float32)


def keys_to_action(discrete: bool) -> dict[tuple[int, ...], int | np.ndarray]:
    """The mapping `gymnasium.utils.play.play` expects, for every non-empty combination of the driving keys.

    No key is play()'s ``noop``: 0 for Take Cover, ``np.zeros(3, np.float32)`` for CarRacing.
    """
    keys = (pygame.K_LEFT, pygame.K_RIGHT) if discrete else DRIVING_KEYS
    mapping: dict[tuple[int, ...], int | np.ndarray] = {}
    for mask in range(1, 1 << len(keys)):
        combo = tuple(sorted(k for i, k in enumerate(keys) if mask >> i & 1))
        mapping[combo] = takecover_action(set(combo)) if discrete else carracing_action(set(combo))
    return mapping
