"""VizDoom Take Cover, dreamed: the paper's headline experiment."""

from __future__ import annotations

from typing import Any, ClassVar

from gymnasium.vector import AutoresetMode

from dreamgym.envs.dream_env import DreamEnv
from dreamgym.envs.dream_vector_env import DreamVectorEnv
from dreamgym.envs.spec import GameSpec

TAKECOVER = GameSpec(
    name="takecover",
    dream_id="DreamTakeCover-v0",
    real_id="RealTakeCover-v0",
    source_id="VizdoomTakeCover-v1",
    discrete_actions=3,
    action_low=(),
    action_high=(),
    reward_from_model=False,
    max_episode_steps=2100,
    default_temperature=1.15,
    crop=(60, 188, 0, 320),
    z_size=64,
    hidden_size=512,
    mixtures=5,
    controller_map="threshold3",
    controller_outputs=1,
    render_fps=35,
    salient_colour=((180, 140, 0), (255, 255, 140)),  # the fireballs' bright yellow, measured on collected frames
)


class DreamTakeCoverEnv(DreamEnv):
    """VizDoom Take Cover inside M's dream: dodge fireballs by strafing, +1 for every step alive.

    ## Action Space
    `Discrete(3)` with vizdoom's meaning: 0 no-op, 1 move right, 2 move left.

    ## Observation Space
    - `observation="latent"` (default): `Box(-10, 10 | -1, 1, (z + h,), float32)`, concat(z, h) with z the
      sampled latent of the next frame (64) and h M's LSTM output (512): 576 values.
    - `observation="z"`: the 64-dimensional z alone.
    - `observation="pixels"`: `Box(0, 255, (64, 64, 3), uint8)`, V's decoding of z.

    ## Rewards
    +1 per step alive, as in the real game.

    ## Episode Termination
    Terminated when M's done head predicts death (logit > 0, or a Bernoulli draw with
    `termination="sample"`); truncated at 2100 steps (the paper's cap).

    ## Arguments
    - `temperature` (float, default 1.15): M's sampling temperature tau, finite and > 0.
    - `observation` ("latent" | "z" | "pixels").
    - `weights` (directory, default the shipped `pretrained/takecover`).
    - `device` (default "cpu"), `render_mode` ("rgb_array" | "human"), `render_scale` (default 4),
      `termination` ("threshold" | "sample").

    ## Version History
    - v0: first release.
    """

    game = TAKECOVER
    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["human", "rgb_array"], "render_fps": 35}


class DreamTakeCoverVectorEnv(DreamVectorEnv):
    """`num_envs` Take Cover dreams stepped as one batch; same spaces and arguments as `DreamTakeCoverEnv`."""

    game = TAKECOVER
    metadata: ClassVar[dict[str, Any]] = {
        "render_modes": ["rgb_array"],
        "render_fps": 35,
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }
