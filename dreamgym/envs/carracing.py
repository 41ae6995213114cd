"""Gymnasium CarRacing, dreamed: a full RL env with M's learned reward and termination."""

from __future__ import annotations

from typing import Any, ClassVar

from gymnasium.vector import AutoresetMode

from dreamgym.envs.dream_env import DreamEnv
from dreamgym.envs.dream_vector_env import DreamVectorEnv
from dreamgym.envs.spec import GameSpec

CARRACING = GameSpec(
    name="carracing",
    dream_id="DreamCarRacing-v0",
    real_id="RealCarRacing-v0",
    source_id="CarRacing-v3",
    discrete_actions=0,
    action_low=(-1.0, 0.0, 0.0),
    action_high=(1.0, 1.0, 1.0),
    reward_from_model=True,
    max_episode_steps=1000,
    default_temperature=1.0,
    crop=(0, 84, 0, 96),
    z_size=32,
    hidden_size=256,
    mixtures=5,
    controller_map="carracing",
    controller_outputs=3,
    render_fps=50,
)


class DreamCarRacingEnv(DreamEnv):
    """CarRacing inside M's dream, with reward and termination predicted by M's extra heads.

    ## Action Space
    `Box([-1, 0, 0], [1, 1, 1], (3,), float32)`: steer, gas, brake, identical to `CarRacing-v3`.

    ## Observation Space
    - `observation="latent"` (default): concat(z, h), z (32) the sampled latent, h (256) M's LSTM output.
    - `observation="z"`: the 32-dimensional z alone.
    - `observation="pixels"`: `Box(0, 255, (64, 64, 3), uint8)`, V's decoding of z.

    ## Rewards
    M's reward head: its regression of the real per-step reward (-0.1 per frame, +1000/N per new tile).

    ## Episode Termination
    Terminated when M's done head predicts the end (leaving the playfield or finishing the lap);
    truncated at 1000 steps.

    ## Arguments
    - `temperature` (float, default 1.0): M's sampling temperature tau, finite and > 0.
    - `observation` ("latent" | "z" | "pixels").
    - `weights` (directory, default the shipped `pretrained/carracing`).
    - `device` (default "cpu"), `render_mode` ("rgb_array" | "human"), `render_scale` (default 4),
      `termination` ("threshold" | "sample").

    ## Version History
    - v0: first release.
    """

    game = CARRACING
    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["human", "rgb_array"], "render_fps": 50}


class DreamCarRacingVectorEnv(DreamVectorEnv):
    """`num_envs` CarRacing dreams stepped as one batch; same spaces and arguments as `DreamCarRacingEnv`."""

    game = CARRACING
    metadata: ClassVar[dict[str, Any]] = {
        "render_modes": ["rgb_array"],
        "render_fps": 50,
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }
