"""Shared fixtures: tiny randomly initialised world models written with the real writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.testing import write_random_world_model

TINY = {"z_size": 8, "hidden_size": 16, "mixtures": 3}


@pytest.fixture(scope="session")
def tiny_weights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One tiny weight directory per game, keyed by dream id."""
    root = tmp_path_factory.mktemp("weights")
    return {g.dream_id: write_random_world_model(root / g.name, g, **TINY) for g in GAMES.values()}


@pytest.fixture(scope="session")
def tiny_weights_by_game(tiny_weights: dict[str, Path]) -> dict[str, Path]:
    """The same directories keyed by game name."""
    return {g.name: tiny_weights[g.dream_id] for g in GAMES.values()}
