"""Shared fixtures: tiny randomly initialised world models written with the real writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import torch

import dreamgym  # noqa: F401
from dreamgym.envs import GAMES
from dreamgym.testing import write_random_world_model

if os.environ.get("PYTEST_XDIST_WORKER"):  # `pytest -n auto` runs a process per core: more threads would only fight
    torch.set_num_threads(1)

TINY = {"z_size": 8, "hidden_size": 16, "mixtures": 3}


@pytest.fixture(scope="session")
def tiny_weights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One tiny weight directory per game, keyed by dream id."""
    root = tmp_path_factory.mktemp("weights")
    return {g.dream_id: write_random_world_model(root / g.name, g, **TINY) for g in GAMES.values()}


GENERIC_ENV = "CarRacing-v3"
"""The Gymnasium env the generic ids' tests dream through the builder (image observations, Box actions; it
pickles, where envs drawn by pygame's render do not)."""


@pytest.fixture(scope="session")
def tiny_generic_weights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny weight directory for the generic ids, made by the builder's spec of ``GENERIC_ENV``."""
    from dreamgym.games.generic import spec_for_env

    root = tmp_path_factory.mktemp("generic")
    return write_random_world_model(root / "generic", spec_for_env(GENERIC_ENV), **TINY)


@pytest.fixture(scope="session")
def weights_for_id(tiny_weights: dict[str, Path], tiny_generic_weights: Path):
    """Tiny weights for any registered dreamgym id (the generic ids get the dream of ``GENERIC_ENV``)."""
    from dreamgym.envs.registration import game_for_id
    from dreamgym.games import generic

    def weights(env_id: str) -> Path:
        if env_id.removeprefix("dreamgym:") in (generic.DREAM_ID, generic.REAL_ID):
            return tiny_generic_weights
        return tiny_weights[game_for_id(env_id).dream_id]

    return weights


@pytest.fixture(scope="session")
def tiny_weights_by_game(tiny_weights: dict[str, Path]) -> dict[str, Path]:
    """The same directories keyed by game name."""
    return {g.name: tiny_weights[g.dream_id] for g in GAMES.values()}
