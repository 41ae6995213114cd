"""The natively batched dream: ``num_envs`` dreams stepped by one tensor op per step (autoreset NEXT_STEP)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import gymnasium as gym
import numpy as np
from gymnasium.utils import seeding
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from dreamgym.envs.actions import check_actions
from dreamgym.envs.dream_env import resolve_game
from dreamgym.envs.dynamics import DreamBatch, make_dream, temperature_property, validate_render_scale
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.frames import upscale


class DreamVectorEnv(VectorEnv):
    """``num_envs`` dreams of ``game`` in one batch. Sub-env i reset with ``seed=s`` follows the single env seeded
    ``s + i``; spaces and arguments as the single :class:`~dreamgym.envs.dream_env.DreamEnv`."""

    metadata: ClassVar[dict[str, Any]] = {
        "render_modes": ["rgb_array"],
        "render_fps": 30,
        "autoreset_mode": AutoresetMode.NEXT_STEP,
    }

    def __init__(
        self,
        game: str | GameSpec | None = None,
        num_envs: int = 1,
        max_episode_steps: int | None = None,
        temperature: float | None = None,
        observation: str = "latent",
        weights: str | os.PathLike | None = None,
        device: str = "cpu",
        render_mode: str | None = None,
        termination: str | None = None,
        ensemble: str = "off",
        dtype: str = "float32",
        render_scale: int = 4,
        reward_budget: float | str | None = "game",
        disagreement_penalty: float = 0.0,
    ) -> None:
        self.game = resolve_game(game, weights)
        self.metadata = {**self.metadata, "render_fps": self.game.render_fps}
        if not isinstance(num_envs, int) or num_envs < 1:
            raise ConfigError(f"num_envs must be a positive integer, got {num_envs!r}")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ConfigError(f"render_mode for a vector dream must be 'rgb_array' or None, got {render_mode!r}")
        steps = self.game.max_episode_steps if max_episode_steps is None else max_episode_steps
        if not isinstance(steps, int) or steps < 1:
            raise ConfigError(f"max_episode_steps must be a positive integer, got {max_episode_steps!r}")
        self.num_envs = num_envs
        self.max_episode_steps = steps
        self.render_mode = render_mode
        self.render_scale = validate_render_scale(render_scale)
        self._dream, self.observation_mode, self.single_observation_space = make_dream(
            self.game,
            num_envs,
            temperature,
            observation,
            weights,
            device,
            termination,
            ensemble,
            dtype,
            reward_budget,
            disagreement_penalty,
        )
        self.world_model = self._dream.wm
        self.single_action_space = self.game.action_space()
        self.action_space = batch_space(self.single_action_space, num_envs)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self._rngs = [seeding.np_random()[0] for _ in range(num_envs)]
        self._elapsed = np.zeros(num_envs, dtype=np.int64)
        self._autoreset = np.zeros(num_envs, dtype=bool)
        self._needs_reset = True

    temperature = temperature_property

    @property
    def batch(self) -> DreamBatch:
        """The tensors behind the dreams, for rollouts that step them directly (see ``run_dream_episodes``)."""
        return self._dream

    @property
    def done_probability(self) -> np.ndarray:
        """M's termination probability of each dream's last step."""
        return self._dream.done_probability.cpu().numpy()

    def reset(
        self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict]:
        """Reset all dreams (or those in ``options["reset_mask"]``); an int seed s seeds dream i with s + i."""
        if seed is not None:
            seeds = [seed + i for i in range(self.num_envs)] if isinstance(seed, int) else list(seed)
            if len(seeds) != self.num_envs:
                raise ConfigError(f"got {len(seeds)} seeds for {self.num_envs} envs")
            for i, s in enumerate(seeds):
                if s is not None:
                    self._rngs[i] = seeding.np_random(s)[0]
        mask = np.ones(self.num_envs, bool) if options is None or "reset_mask" not in options else options["reset_mask"]
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.num_envs,):
            raise ConfigError(f"options['reset_mask'] must be a bool array of shape ({self.num_envs},)")
        indices = np.flatnonzero(mask)
        self._dream.reset(indices, self._rngs)
        self._elapsed[indices] = 0
        self._autoreset[indices] = False
        self._needs_reset = False
        return self._dream.observe(self.observation_mode), {}

    def step(self, actions: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
        """Step every dream; dreams that ended on the previous step are reset instead (NEXT_STEP autoreset)."""
        if self._needs_reset:
            raise gym.error.ResetNeeded("call reset() before step() on a vector dream env")
        reward_t, terminated_t = self._dream.step(check_actions(self.game, actions, self.num_envs))
        reward = reward_t.cpu().numpy().astype(np.float32)
        terminated = terminated_t.cpu().numpy()
        self._elapsed += 1
        truncated = (self._elapsed >= self.max_episode_steps) & ~terminated
        restart = np.flatnonzero(self._autoreset)
        if restart.size:
            self._dream.reset(restart, self._rngs)
            self._elapsed[restart] = 0
            reward[restart] = 0.0
            terminated[restart] = False
            truncated[restart] = False
        self._autoreset = terminated | truncated
        return self._dream.observe(self.observation_mode), reward, terminated, truncated, {}

    def render(self) -> tuple[np.ndarray, ...] | None:
        """V's decoding of every dream's current z, upscaled (``rgb_array`` only)."""
        if self.render_mode is None:
            return None
        return tuple(upscale(f, self.render_scale) for f in self._dream.frames())
