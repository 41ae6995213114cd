"""VizDoom Take Cover: the paper's headline experiment, dodge fireballs by strafing, +1 for every step alive.

Everything Take Cover-specific lives here: the spec, the real game and its frames, the exploration policy of the
data, and the key map of play.
"""

from __future__ import annotations

import os
from typing import Any

import gymnasium as gym
import numpy as np

from dreamgym.envs.sources import capped_source
from dreamgym.envs.spec import GameSpec

SPEC = GameSpec(
    name="takecover",
    dream_id="DreamTakeCover-v0",
    real_id="RealTakeCover-v0",
    source_id="VizdoomTakeCover-v1",
    discrete_actions=3,
    action_low=(),
    action_high=(),
    reward_from_model=False,
    max_episode_steps=2100,
    default_temperature=1.5,
    crop=(60, 188, 0, 320),
    z_size=64,
    hidden_size=512,
    mixtures=5,
    controller_map="threshold3",
    controller_outputs=1,
    render_fps=35,
    salient_colour=((180, 140, 0), (255, 255, 140)),  # the fireballs' bright yellow, measured on collected frames
    module=__name__,
    source_package="vizdoom",
    extra="vizdoom",
    source_note="scenario default skill 4, 320x240",
    action_meanings=("no-op", "right", "left"),
    reward_threshold=750.0,
    exploration="HeldRandomPolicy",
    docs={
        "summary": "VizDoom Take Cover inside M's dream: dodge fireballs by strafing, +1 for every step alive.",
        "rewards": "+1 per step alive, as in the real game.",
        "termination": "Terminated when M's done head predicts death (logit > 0, or a Bernoulli draw with "
        '`termination="sample"`)',
        "salient": "fireball",
        "salient_rate": "The imps aim at the player, so in the game standing still (`constant:0`) draws more large "
        "fireballs than moving (a large one is about to hit); a dream where it draws fewer overrates standing still.",
    },
)

KEYS = {"right": 1, "left": 2}
"""Held arrow -> action; no key (or both) is 0, the no-op."""


def import_source() -> None:
    """Import the real game (raises ImportError when vizdoom is missing)."""
    from vizdoom import gymnasium_wrapper  # noqa: F401


def make_source(render_mode: str | None = None, **kwargs: Any) -> gym.Env:
    """``VizdoomTakeCover-v1`` capped at the paper's 2100 steps."""
    import_source()
    # ViZDoom checks for ./_vizdoom/ and then creates it: two games starting at once (collect or evaluate
    # workers) can both try, and the loser fails ("Failed to create ./_vizdoom/ directory") with its worker.
    os.makedirs("_vizdoom", exist_ok=True)
    return capped_source(SPEC, render_mode, **kwargs)


def source_frame(obs: Any) -> np.ndarray:
    """The RGB screen inside vizdoom's dict observation."""
    return obs["screen"] if isinstance(obs, dict) else obs


def exploration_policy(rng: np.random.Generator, env: gym.Env, max_hold: int = 10) -> Any:
    """The paper's random policy: a uniform action held 1..``max_hold`` steps."""
    from dreamgym.training.policies import HeldRandomPolicy

    return HeldRandomPolicy(SPEC, rng, max_hold)


def key_action(pressed: set[str]) -> int:
    """The action for the held arrows (named ``left``/``right``): one arrow strafes, none or both stand still."""
    held = [KEYS[k] for k in KEYS if k in pressed]
    return held[0] if len(held) == 1 else 0
