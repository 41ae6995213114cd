"""The dream dynamics, shared by the single and the vector env: one batched step of V and M.

Step semantics (as the original dream env): M consumes (z_t, a_t), giving h_{t+1}; its mixture head samples
z_{t+1} at temperature tau, its done head gives the termination probability of this step and, for games with
a learned reward, its reward head the reward. The observation is concat(z_{t+1}, h_{t+1}).

With an ensemble of M (``ensemble`` other than ``"off"``) each dream draws one member per episode, whose mixture
gives the next z and whose h is observed. In ``"episode"`` mode that member alone steps (the batch is grouped by
member: one product per member over its rows) and decides termination and reward; in ``"pessimistic"`` mode every
member steps on the same (z, action), stacked, and a step terminates when any member's done head says so (the
largest done probability) and the reward is the members' smallest, less ``disagreement_penalty`` times how much the
members disagree on the next z (MOPO's uncertainty penalty; 0 by default).

A game with a reward budget (``GameSpec.reward_budget``, e.g. what all of a track's tiles pay) pays each dream
no more than that above the fixed per-step reward in an episode, and ends the episode on the step that reaches it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dreamgym.envs import counter_rng
from dreamgym.envs.spec import (
    Z_BOUND,
    GameSpec,
    observation_space,
    resolve_reward_budget,
    validate_observation,
    validate_temperature,
)
from dreamgym.errors import ConfigError
from dreamgym.hardware import native_bf16
from dreamgym.models.ensemble import disagreement, pick_member
from dreamgym.models.mdnrnn import MDNOutput, sample_mixture
from dreamgym.models.vae import tensor_to_frames
from dreamgym.weights import WorldModel, load_cached, resolve_weights

TERMINATION_MODES = ("threshold", "sample")
ENSEMBLE_MODES = ("off", "episode", "pessimistic")
DTYPES = ("float32", "bfloat16")


def make_dream(
    game: GameSpec,
    num: int,
    temperature: float | None,
    observation: str,
    weights: str | os.PathLike | None,
    device: str,
    termination: str | None,
    ensemble: str = "off",
    dtype: str = "float32",
    reward_budget: object = "game",
    disagreement_penalty: object = 0.0,
) -> tuple[DreamBatch, str, gym.spaces.Box]:
    """Validate an env's dream arguments and build its batch: ``(dream, observation_mode, single_obs_space)``."""
    tau = validate_temperature(game.default_temperature if temperature is None else temperature)
    mode = validate_observation(observation)
    budget = resolve_reward_budget(game, reward_budget)
    penalty = validate_penalty(disagreement_penalty, ensemble)
    wm = load_cached(resolve_weights(game, weights), device)
    dream = DreamBatch(wm, game, num, tau, termination or game.termination, device, ensemble, dtype, budget, penalty)
    return (
        dream,
        mode,
        observation_space(mode, wm.z_size, wm.mdnrnn.config.hidden_size, wm.vae.config.frame_size),
    )


def validate_penalty(penalty: object, ensemble: str) -> float:
    """Return ``penalty`` as a float if it is finite and >= 0, and > 0 only with the pessimistic ensemble (the one
    mode in which every member steps), else raise ConfigError."""
    try:
        value = float(penalty)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ConfigError(f"disagreement_penalty must be a number, got {penalty!r}") from e
    if not np.isfinite(value) or value < 0:
        raise ConfigError(f"disagreement_penalty must be finite and >= 0, got {penalty!r}")
    if value > 0 and ensemble != "pessimistic":
        raise ConfigError(
            f"disagreement_penalty needs ensemble='pessimistic' (every member steps), got ensemble={ensemble!r}"
        )
    return value


def validate_render_scale(scale: object) -> int:
    """Return ``scale`` if it is a positive int (the frame upscaling factor), else raise ConfigError."""
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
        raise ConfigError(f"render_scale must be a positive integer, got {scale!r}")
    return scale


def _get_temperature(env: Any) -> float:
    return env._dream.temperature


def _set_temperature(env: Any, value: float) -> None:
    env._dream.temperature = validate_temperature(value)


temperature_property = property(
    _get_temperature, _set_temperature, doc="M's sampling temperature tau; may be changed between steps (validated)."
)


class DreamBatch:
    """State of B dreams as tensors, with the one step function both env classes call."""

    def __init__(
        self,
        wm: WorldModel,
        game: GameSpec,
        num: int,
        temperature: float,
        termination: str,
        device: str,
        ensemble: str = "off",
        dtype: str = "float32",
        reward_budget: float | None = None,
        disagreement_penalty: float = 0.0,
    ) -> None:
        if termination not in TERMINATION_MODES:
            raise ConfigError(f"termination must be one of {TERMINATION_MODES}, got {termination!r}")
        if ensemble not in ENSEMBLE_MODES:
            raise ConfigError(f"ensemble must be one of {ENSEMBLE_MODES}, got {ensemble!r}")
        if ensemble != "off" and len(wm.members) < 2:
            raise ConfigError(
                f"ensemble={ensemble!r} needs an ensemble of M, but {wm.directory} holds one M (no "
                "mdnrnn_members.safetensors; make one with `dreamgym ensemble`)"
            )
        if dtype not in DTYPES:
            raise ConfigError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        if dtype == "bfloat16":
            if not native_bf16(torch.device(device)):
                raise ConfigError(
                    f"dtype='bfloat16' needs native bf16 (a CPU with avx512_bf16 or AMX, or a bf16 GPU); {device} here "
                    "would emulate it, ten to a hundred times slower than float32: use dtype='float32'"
                )
            if ensemble != "off":
                raise ConfigError("dtype='bfloat16' and an ensemble mode cannot be combined yet")
        self.low = wm.bf16_step if dtype == "bfloat16" else None
        self.dtype = dtype
        self.wm, self.game, self.num, self.device = wm, game, num, device
        self.temperature = temperature
        self.termination = termination
        self.ensemble = ensemble
        self.budget = reward_budget
        self.penalty = disagreement_penalty
        zs, hs = wm.z_size, wm.mdnrnn.config.hidden_size
        self.stacked = wm.stacked_members if ensemble == "pessimistic" else None
        if self.stacked is not None:
            self.hs, self.cs = self.stacked.initial_state(num, device)
        self.member = torch.zeros(num, dtype=torch.int64, device=device)
        self.z = torch.zeros(num, zs, device=device)
        self.h = torch.zeros(num, hs, device=device)
        self.c = torch.zeros(num, hs, device=device)
        self.key = torch.zeros(num, dtype=torch.int64, device=device)
        self.counter = torch.zeros(num, dtype=torch.int64, device=device)
        self.done_probability = torch.zeros(num, device=device)
        self.earned = torch.zeros(num, device=device)

    @torch.inference_mode()
    def reset(self, indices: Sequence[int] | np.ndarray, rngs: Sequence[np.random.Generator]) -> None:
        """Start new dreams at ``indices``: first z drawn from a stored real first frame, (h, c) = 0."""
        n_init, zs = self.wm.initial_mu.shape
        keys, picks, noise = [], [], []
        for i in indices:
            rng = rngs[i]
            keys.append(int(rng.integers(0, 2**32)))
            picks.append(int(rng.integers(n_init)))
            noise.append(rng.standard_normal(zs, dtype=np.float32))
        idx = torch.as_tensor(np.asarray(indices, dtype=np.int64), device=self.device)
        pick = torch.as_tensor(picks, device=self.device)
        eps = torch.as_tensor(np.stack(noise), device=self.device)
        z0 = self.wm.initial_mu[pick] + torch.exp(0.5 * self.wm.initial_logvar[pick]) * eps
        self.z[idx] = z0.clamp(-Z_BOUND, Z_BOUND)
        self.h[idx] = 0.0
        self.c[idx] = 0.0
        self.key[idx] = torch.as_tensor(keys, device=self.device)
        if self.stacked is not None:
            self.hs[:, idx] = 0.0
            self.cs[:, idx] = 0.0
        if self.ensemble != "off":
            self.member[idx] = self.key[idx] % len(self.wm.members)  # the member follows from the episode's key
        self.counter[idx] = 0
        self.done_probability[idx] = 0.0
        self.earned[idx] = 0.0

    def subset(self, keep: torch.Tensor) -> DreamBatch:
        """A new batch holding only the dreams ``keep`` (their state copied), which go on exactly as they would
        have in this batch: each dream's random draws depend only on its own key and step counter."""
        sub = object.__new__(DreamBatch)
        sub.__dict__.update(self.__dict__)
        for name in ("z", "h", "c", "key", "counter", "done_probability", "member", "earned"):
            setattr(sub, name, getattr(self, name)[keep])
        if self.stacked is not None:
            sub.hs, sub.cs = self.hs[:, keep], self.cs[:, keep]
        sub.num = int(keep.numel())
        return sub

    @torch.inference_mode()
    def set_z(self, index: int, z: object) -> None:
        """Overwrite the current latent of dream ``index`` (shape ``(z_size,)``), clipped to the space bounds."""
        t = torch.as_tensor(np.asarray(z, dtype=np.float32), device=self.device)
        if t.shape != self.z.shape[1:] or not torch.isfinite(t).all():
            raise ConfigError(f"initial_z must be {self.z.shape[1]} finite floats, got shape {tuple(t.shape)}")
        self.z[index] = t.clamp(-Z_BOUND, Z_BOUND)

    @torch.inference_mode()
    def step(self, actions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Advance every dream by one step; returns ``(reward, terminated)``, each ``(B,)``."""
        a = self.game.encode_actions(actions.to(self.device))
        everyone = None
        if self.low is not None:
            out, self.h, self.c = self.low.step(self.z, a, self.h, self.c)
        elif self.ensemble == "episode":
            out, self.h, self.c = self._step_by_member(a)
        elif self.stacked is None:
            out, self.h, self.c = self.wm.mdnrnn.step(self.z, a, self.h, self.c)
        else:
            everyone, self.hs, self.cs = self.stacked.step(self.z, a, self.hs, self.cs)
            out = pick_member(everyone, self.member)
            rows = torch.arange(self.num, device=self.device)
            self.h, self.c = self.hs[self.member, rows], self.cs[self.member, rows]
        penalty = None
        if self.ensemble == "pessimistic":
            out = out._replace(
                done_logit=None if out.done_logit is None else everyone.done_logit.amax(0),
                reward=None if out.reward is None else everyone.reward.amin(0),
            )
            if self.penalty > 0:
                penalty = self.penalty * disagreement(everyone)
        self.counter += 1
        zs = self.z.shape[1]
        # one hashed draw per step: mixture choice, two Box-Muller inputs, termination
        draws = counter_rng.uniform(self.key, self.counter, 3 * zs + 1)
        eps = counter_rng.box_muller(draws[:, zs : 2 * zs], draws[:, 2 * zs : 3 * zs])
        self.z = sample_mixture(out, self.temperature, draws[:, :zs], eps).clamp_(-Z_BOUND, Z_BOUND)
        if out.done_logit is None:
            terminated = torch.zeros(self.num, dtype=torch.bool, device=self.device)
        else:
            self.done_probability = torch.sigmoid(out.done_logit)
            if self.termination == "threshold":
                terminated = out.done_logit > 0
            else:
                terminated = draws[:, 3 * zs] < self.done_probability
        if self.game.reward_from_model and out.reward is not None:
            reward = out.reward
        else:
            reward = torch.ones(self.num, device=self.device)
        reward, terminated = self._pay(reward, terminated)
        return (reward if penalty is None else reward - penalty), terminated

    def _pay(self, reward: torch.Tensor, terminated: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The reward within each episode's budget, and termination on the step that spends it."""
        if self.budget is None:
            return reward, terminated
        step = self.game.step_reward
        gain, room = reward - step, self.budget - self.earned
        spent = gain >= room
        gain = torch.minimum(gain, room)
        self.earned += gain
        return gain + step, terminated | spent

    def _step_by_member(self, a: torch.Tensor) -> tuple[MDNOutput, torch.Tensor, torch.Tensor]:
        """Each dream steps with its own episode's member only: the batch grouped by member."""
        h, c = torch.empty_like(self.h), torch.empty_like(self.c)
        full: list[torch.Tensor | None] | None = None
        for k, m in enumerate(self.wm.members):
            rows = (self.member == k).nonzero().squeeze(1)
            if rows.numel() == 0:
                continue
            out, h[rows], c[rows] = m.step(self.z[rows], a[rows], self.h[rows], self.c[rows])
            if full is None:
                full = [None if t is None else t.new_empty((self.num, *t.shape[1:])) for t in out]
            for target, t in zip(full, out, strict=True):
                if target is not None:
                    target[rows] = t
        return MDNOutput(*full), h, c  # type: ignore[misc]

    @torch.inference_mode()
    def observe(self, mode: str) -> np.ndarray:
        """Observations of all dreams: ``latent`` (B, z+h), ``z`` (B, z) or ``pixels`` (B, S, S, 3) uint8."""
        if mode == "latent":
            return torch.cat([self.z, self.h], dim=1).cpu().numpy()
        if mode == "z":
            return self.z.cpu().numpy().copy()
        return self.frames()

    @torch.inference_mode()
    def frames(self, indices: Sequence[int] | None = None) -> np.ndarray:
        """V's decoding of the current z of the given dreams (all if None): uint8 ``(n, S, S, 3)`` (S: V's frame size).
        V decodes its own latents; measurements after them are not drawn."""
        z = self.z if indices is None else self.z[list(indices)]
        return tensor_to_frames(self.wm.vae.decode(z[:, : self.wm.vae.config.z_size])).cpu().numpy()
