"""Randomly initialised world models, for tests and benchmarks only (never shipped as weights)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import torch

from dreamgym.envs.spec import GameSpec
from dreamgym.games.generic import spec_to_dict
from dreamgym.models import MDNRNN, VAE, LinearController, MDNRNNConfig, MemoryController, VAEConfig
from dreamgym.weights import (
    CONTROLLER_FILE,
    LATENTS_FILE,
    MDNRNN_FILE,
    MEMBERS_FILE,
    VAE_FILE,
    save_controller,
    save_initial_latents,
    save_mdnrnn,
    save_mdnrnn_members,
    save_vae,
)


def write_random_world_model(
    directory: str | os.PathLike,
    game: GameSpec,
    z_size: int | None = None,
    hidden_size: int | None = None,
    mixtures: int | None = None,
    n_initial: int = 8,
    seed: int = 0,
    controller: bool = True,
    members: int = 1,
    memory_hidden: int | None = None,
    measured: int = 0,
) -> Path:
    """Write randomly initialised V, M, initial latents (and C) for ``game`` into ``directory``.

    Sizes default to the game's paper sizes; pass small ones for fast tests. ``members`` > 1 adds an ensemble of
    M (``members - 1`` further random members of the same architecture). ``memory_hidden`` gives the controller
    its own random M of that hidden size (a :class:`~dreamgym.models.MemoryController`). ``measured`` > 0 makes M
    read that many of the game's measurements after V's z.
    """
    torch.manual_seed(seed)
    directory = Path(directory)
    z = z_size or game.z_size
    h = hidden_size or game.hidden_size
    vae = VAE(VAEConfig(z_size=z, frame_size=game.frame_size))
    z += measured
    config = MDNRNNConfig(
        z_size=z,
        action_size=game.action_size,
        hidden_size=h,
        mixtures=mixtures or game.mixtures,
        reward_head=game.reward_from_model,
        done_head=True,
        measured=measured,
    )
    ms = [MDNRNN(config) for _ in range(members)]
    with torch.no_grad():
        for m in ms:
            m.done_head.bias.fill_(-3.0)
    m = ms[0]
    save_vae(vae, directory / VAE_FILE, {"crop": list(game.crop), "game": game.name})
    save_mdnrnn(m, directory / MDNRNN_FILE, {"game": game.name, "game_spec": spec_to_dict(game)})
    if members > 1:
        save_mdnrnn_members(ms[1:], directory / MEMBERS_FILE, {"game": game.name})
    save_initial_latents(torch.randn(n_initial, z), torch.full((n_initial, z), -2.0), directory / LATENTS_FILE)
    if controller:
        c = LinearController(game.controller_config(z + (memory_hidden or h)))
        c.set_flat(torch.randn(c.num_params) * 0.1)
        if memory_hidden is not None:
            c = MemoryController(c, MDNRNN(dataclasses.replace(config, hidden_size=memory_hidden)))
        save_controller(c, directory / CONTROLLER_FILE, {"game": game.name, "temperature": game.default_temperature})
    return directory


def shipped_dream_ids() -> list[str]:
    """Dream ids of the games whose trained weights ship in ``pretrained/`` (tests of the shipped weights run on
    these; a game still being trained has its module and registration but no weights yet)."""
    from dreamgym.games import GAMES
    from dreamgym.weights import ships_weights

    return [g.dream_id for g in GAMES.values() if ships_weights(g)]
