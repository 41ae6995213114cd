"""The generic dream env: a Gymnasium env whose dynamics are V and M, for any game (registered with its name)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import gymnasium as gym
import numpy as np

from dreamgym.envs.actions import check_action, check_actions
from dreamgym.envs.docs import env_doc
from dreamgym.envs.dynamics import make_dream, temperature_property, validate_render_scale
from dreamgym.envs.registration import game_by_name, game_of_weights
from dreamgym.envs.single_step import SingleStep
from dreamgym.envs.spec import GameSpec
from dreamgym.errors import ConfigError
from dreamgym.frames import upscale
from dreamgym.games import generic
from dreamgym.weights import resolve_weights


def resolve_game(game: str | GameSpec | None, weights: str | os.PathLike | None = None) -> GameSpec:
    """A game spec from its name (as registered in ``kwargs={"game": ...}``), or, with no game (the generic ids),
    from the weights' metadata; a clear error otherwise."""
    if game is None:
        if weights is None:
            raise ConfigError(
                f"{generic.DREAM_ID} and {generic.REAL_ID} dream the game their weights were trained on: pass "
                "weights=DIR (e.g. the weights/ of `dreamgym pipeline --env ID --workdir DIR`)"
            )
        return game_of_weights(resolve_weights(None, weights))
    return game if isinstance(game, GameSpec) else game_by_name(game)


def make_dream_env(weights: str | os.PathLike | None = None, **kwargs: Any) -> gym.Env:
    """``dreamgym/Dream-v0``: the dream of whatever game ``weights`` were trained on, truncated at its step cap."""
    env = DreamEnv(None, weights=weights, **kwargs)
    return gym.wrappers.TimeLimit(env, env.game.max_episode_steps)


class DreamEnv(gym.Env):
    """A single dream of ``game``; the instance's ``__doc__`` documents its spaces (generated from the spec)."""

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["human", "rgb_array"], "render_fps": 30}

    def __init__(
        self,
        game: str | GameSpec | None,
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
        self.__doc__ = env_doc(self.game)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ConfigError(
                f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}"
            )
        self.render_mode = render_mode
        self.render_scale = validate_render_scale(render_scale)
        self._dream, self.observation_mode, self.observation_space = make_dream(
            self.game,
            1,
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
        # the numpy step for a batch of one on the CPU (torch's per-op dispatch dominates there); same arithmetic
        fast = str(device) == "cpu" and ensemble in ("off", "episode") and dtype == "float32"
        self._fast = SingleStep(self._dream) if fast else None
        self.action_space = self.game.action_space()
        self._needs_reset = True
        self._window = None

    temperature = temperature_property

    @property
    def done_probability(self) -> float:
        """M's predicted probability that the last step ended the episode (0 before the first step)."""
        return float(self._dream.done_probability[0])

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        """Start a dream from the latent of a real first frame; ``seed`` fixes the whole trajectory.

        ``options={"initial_z": z}`` starts from a given latent instead (e.g. V's encoding of a real frame).
        """
        super().reset(seed=seed)
        self._dream.reset([0], [self.np_random])
        if options and "initial_z" in options:
            self._dream.set_z(0, options["initial_z"])
        self._needs_reset = False
        if self.render_mode == "human":
            self.render()
        return self._dream.observe(self.observation_mode)[0], {}

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict]:
        """Advance the dream by one step of M at the current temperature."""
        if self._needs_reset:
            raise gym.error.ResetNeeded("call reset() before step() on a dream env")
        if self._fast is not None:
            r, term = self._fast.step(check_action(self.game, action))
            obs = self._fast.observe(self.observation_mode)
            info = {"done_probability": self._fast.done_probability}
            if self.render_mode == "human":
                self.render()
            return obs, r, term, False, info
        reward, terminated = self._dream.step(check_actions(self.game, action, None))
        obs = self._dream.observe(self.observation_mode)[0]
        info = {"done_probability": self.done_probability}
        if self.render_mode == "human":
            self.render()
        return obs, float(reward[0]), bool(terminated[0]), False, info

    def render(self) -> np.ndarray | None:
        """``rgb_array``: V's decoding of the current z, upscaled; ``human``: the same in a pygame window."""
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; pass render_mode='rgb_array' or 'human'")
            return None
        frame = upscale(self._dream.frames([0])[0], self.render_scale)
        if self.render_mode == "rgb_array":
            return frame
        if self._window is None:
            from dreamgym.play.window import Window

            sample = [self.game.dream_id, "tau 8.88", "done p 0.88"]
            self._window = Window(self.game.dream_id, frame.shape[1], frame.shape[0], status_sample=sample)
        status = [self.game.dream_id, f"tau {self.temperature:.2f}", f"done p {self.done_probability:.2f}"]
        self._window.show(frame, fps=self.metadata["render_fps"], text=None, status=status)
        return None

    def get_keys_to_action(self) -> dict[tuple[int, ...], Any]:
        """Key combinations -> actions, for `gymnasium.utils.play.play` (arrows; up = gas, down = brake)."""
        from dreamgym.play.keys import keys_to_action

        return keys_to_action(self.game)

    def close(self) -> None:
        """Close the window if one is open; safe to call more than once."""
        if self._window is not None:
            self._window.close()
            self._window = None
