"""Wrap any pixel env with a world model, so a policy sees the same concat(z, h) in the real game as in the dream."""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dreamgym.envs.actions import check_actions
from dreamgym.envs.sources import measure_frame, source_frame
from dreamgym.envs.spec import Z_BOUND, GameSpec, observation_space, validate_observation
from dreamgym.frames import preprocess_frames
from dreamgym.models.vae import frames_to_tensor
from dreamgym.weights import WorldModel

LATENT_MODES = ("sample", "mean")


class WorldModelObservation(gym.Wrapper):
    """Encode each real frame with V and step M on (z, action): observations match the dream's.

    ``latent="sample"`` (default) feeds z drawn from V's posterior N(mu, sigma), the convention M was trained on
    and the dream produces; ``"mean"`` feeds mu. With ``observation="pixels"`` the observation is the
    preprocessed real frame at V's frame size (64x64 unless V says otherwise). An M trained with the game's
    measurements (``MDNRNNConfig.measured``) reads them after V's z, so z is ``concat(V's z, measurements)``;
    ``measurement`` holds the last frame's reading whatever M reads.
    """

    def __init__(
        self, env: gym.Env, world_model: WorldModel, game: GameSpec, observation: str = "latent", latent: str = "sample"
    ) -> None:
        super().__init__(env)
        if latent not in LATENT_MODES:
            raise gym.error.Error(f"latent must be one of {LATENT_MODES}, got {latent!r}")
        self.wm, self.game, self.latent = world_model, game, latent
        self.observation_mode = validate_observation(observation)
        self.crop = world_model.preprocess.get("crop", list(game.crop))
        self.frame_size = world_model.vae.config.frame_size
        self.observation_space = observation_space(
            observation, world_model.z_size, world_model.mdnrnn.config.hidden_size, self.frame_size
        )
        self.measured = world_model.mdnrnn.config.measured
        self._rng = np.random.default_rng()
        self.h, self.c = world_model.mdnrnn.initial_state(1)
        self.z = torch.zeros(1, world_model.z_size)
        self.measurement = np.zeros(len(game.measurements), np.float32)
        self.frame = np.zeros((self.frame_size, self.frame_size, 3), np.uint8)
        self._mean = torch.zeros(1, world_model.vae.config.z_size)
        self.done_probability = 0.0

    @torch.inference_mode()
    def _encode(self, obs: Any) -> None:
        raw = source_frame(self.game, obs)
        self.measurement = measure_frame(self.game, raw)
        self.frame = preprocess_frames(raw, self.crop, self.frame_size)
        mu, logvar = self.wm.vae.encode(frames_to_tensor(torch.from_numpy(self.frame[None])))
        self._mean = mu
        if self.latent == "sample":
            eps = torch.from_numpy(self._rng.standard_normal(mu.shape, dtype=np.float32))
            mu = mu + torch.exp(0.5 * logvar) * eps
        if self.measured:
            mu = torch.cat([mu, torch.from_numpy(self.measurement)[None]], dim=1)
        self.z = mu.clamp(-Z_BOUND, Z_BOUND)

    def mean_latent(self) -> np.ndarray:
        """V's mean latent of the last frame with the measurements M reads: the ``initial_z`` that starts a dream
        from this frame."""
        return np.concatenate([self._mean[0].numpy(), self.measurement[: self.measured]])

    def _observation(self) -> np.ndarray:
        if self.observation_mode == "pixels":
            return self.frame.copy()
        if self.observation_mode == "z":
            return self.z[0].numpy().copy()
        return torch.cat([self.z, self.h], dim=1)[0].numpy()

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        if seed is not None:
            self._rng = np.random.default_rng(seed)
        obs, info = self.env.reset(seed=seed, options=options)
        self.h, self.c = self.wm.mdnrnn.initial_state(1)
        self.done_probability = 0.0
        self._encode(obs)
        return self._observation(), info

    @torch.inference_mode()
    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict]:
        a = check_actions(self.game, action, None)
        m = self.wm.mdnrnn
        self.h, self.c = m.advance(self.z, self.game.encode_actions(a), self.h, self.c)  # M's heads: only its done
        if m.done_head is not None:
            self.done_probability = float(torch.sigmoid(m.done_head(self.h)[0, 0]))
        env_action = int(a[0]) if self.game.discrete_actions else a[0].numpy()
        obs, reward, terminated, truncated, info = self.env.step(env_action)
        self._encode(obs)
        info = dict(info, done_probability=self.done_probability)
        return self._observation(), float(reward), bool(terminated), bool(truncated), info


def world_model_wrapper(env: gym.Env) -> WorldModelObservation:
    """The :class:`WorldModelObservation` inside a real twin (its V, M and the frame V saw last)."""
    wrapper = env
    while not isinstance(wrapper, WorldModelObservation):
        if not isinstance(wrapper, gym.Wrapper):
            raise TypeError(f"{env} holds no WorldModelObservation: it is not a dreamgym real twin")
        wrapper = wrapper.env
    return wrapper
