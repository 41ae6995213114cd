"""Stable-Baselines3 on the natively batched dream: an SB3 ``VecEnv`` over the dream vector env.

    from stable_baselines3 import PPO
    from dreamgym.sb3 import make_vec_env

    venv = make_vec_env("dreamgym/Dream-v0", n_envs=64, weights="runs/mygame/weights")  # or any dream id
    PPO("MlpPolicy", venv).learn(100_000)

SB3 auto-resets in the same step: when a dream ends, the returned observation is the next episode's first one,
``infos[i]["terminal_observation"]`` holds the last observation, and ``infos[i]["TimeLimit.truncated"]`` says
whether it was cut by the step limit.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

import gymnasium as gym
import numpy as np
import torch

try:
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.vec_env import VecEnv, VecMonitor
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError("dreamgym.sb3 needs Stable-Baselines3: pip install 'dreamgym[rl]'") from e

from dreamgym.envs.dream_vector_env import DreamVectorEnv
from dreamgym.envs.registration import game_for_id
from dreamgym.errors import ConfigError
from dreamgym.models import MLPPolicy, MLPPolicyConfig
from dreamgym.training.rollout import run_episodes
from dreamgym.weights import save_mlp_policy


class DreamSB3VecEnv(VecEnv):
    """SB3's VecEnv contract on top of a :class:`DreamVectorEnv` (one tensor op per step for all envs)."""

    def __init__(self, venv: DreamVectorEnv) -> None:
        self.venv = venv
        super().__init__(venv.num_envs, venv.single_observation_space, venv.single_action_space)
        self._actions: np.ndarray | None = None
        self._seed: int | None = None

    def reset(self) -> np.ndarray:
        obs, _ = self.venv.reset(seed=self._seed)
        self._seed = None
        return obs

    def step_async(self, actions: np.ndarray) -> None:
        self._actions = np.asarray(actions)

    def step_wait(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[dict[str, Any]]]:
        obs, rewards, terminated, truncated, _ = self.venv.step(self._actions)
        dones = terminated | truncated
        infos: list[dict[str, Any]] = [{} for _ in range(self.num_envs)]
        if dones.any():
            for i in np.flatnonzero(dones):
                infos[i]["terminal_observation"] = obs[i].copy()
                infos[i]["TimeLimit.truncated"] = bool(truncated[i] and not terminated[i])
            obs, _ = self.venv.reset(options={"reset_mask": dones})
        return obs, rewards.astype(np.float32), dones, infos

    def seed(self, seed: int | None = None) -> Sequence[int | None]:
        self._seed = seed
        return [None if seed is None else seed + i for i in range(self.num_envs)]

    def close(self) -> None:
        self.venv.close()

    def get_images(self) -> Sequence[np.ndarray | None]:
        frames = self.venv.render()
        return list(frames) if frames is not None else [None] * self.num_envs

    def get_attr(self, attr_name: str, indices: Any = None) -> list[Any]:
        return [getattr(self.venv, attr_name)] * len(self._get_indices(indices))

    def set_attr(self, attr_name: str, value: Any, indices: Any = None) -> None:
        setattr(self.venv, attr_name, value)

    def env_method(self, method_name: str, *args: Any, indices: Any = None, **kwargs: Any) -> list[Any]:
        result = getattr(self.venv, method_name)(*args, **kwargs)
        return [result] * len(self._get_indices(indices))

    def env_is_wrapped(self, wrapper_class: type[gym.Wrapper], indices: Any = None) -> list[bool]:
        return [False] * len(self._get_indices(indices))


def make_vec_env(env_id: str, n_envs: int = 64, seed: int | None = None, monitor: bool = True, **kwargs: Any) -> VecEnv:
    """An SB3 VecEnv of ``n_envs`` batched dreams (wrapped in ``VecMonitor`` for episode statistics)."""
    venv = gym.make_vec(env_id, num_envs=n_envs, vectorization_mode="vector_entry_point", **kwargs)
    env: VecEnv = DreamSB3VecEnv(venv)
    if seed is not None:
        env.seed(seed)
    return VecMonitor(env) if monitor else env


def export_policy(model: Any, path: str | os.PathLike, extra: dict[str, Any] | None = None) -> MLPPolicy:
    """Save the deterministic actor of an SB3 PPO/A2C ``MlpPolicy`` as a safetensors :class:`MLPPolicy`, so it
    runs (e.g. in the fidelity benchmark's zoo) without SB3 and without a pickle.

    Only the plain ``MlpPolicy`` layout is supported: a flatten feature extractor, an MLP of one activation, a
    linear action head, and no observation normalisation.
    """
    policy = model.policy
    net = policy.mlp_extractor.policy_net
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    acts = {type(m) for m in net if not isinstance(m, torch.nn.Linear)}
    names = {torch.nn.Tanh: "tanh", torch.nn.ReLU: "relu"}
    if len(acts) > 1 or not acts <= set(names) or not isinstance(policy.action_net, torch.nn.Linear):
        raise ConfigError(f"export_policy supports MlpPolicy with tanh or relu layers; got {net} + {policy.action_net}")
    space = model.action_space
    if isinstance(space, gym.spaces.Discrete):
        output, low, high = "argmax", (), ()
    elif isinstance(space, gym.spaces.Box) and len(space.shape) == 1:
        output, low, high = "clip", tuple(map(float, space.low)), tuple(map(float, space.high))
    else:
        raise ConfigError(f"export_policy supports Discrete or 1-D Box actions, got {space}")
    config = MLPPolicyConfig(
        input_size=int(np.prod(model.observation_space.shape)),
        hidden_sizes=tuple(m.out_features for m in linears),
        output_size=policy.action_net.out_features,
        activation=names[next(iter(acts))] if acts else "tanh",
        output=output,
        action_low=low,
        action_high=high,
    )
    mlp = MLPPolicy(config)
    with torch.no_grad():
        for mine, theirs in zip([m for m in mlp.body if isinstance(m, torch.nn.Linear)], linears, strict=True):
            mine.load_state_dict(theirs.state_dict())
        mlp.head.load_state_dict(policy.action_net.state_dict())
    save_mlp_policy(mlp, path, extra)
    return mlp


class DreamCheckpointSelection(BaseCallback):
    """Every ``every`` steps, score the deterministic policy over the same ``episodes`` dream episodes (seeds
    ``seed`` ..) and keep the best parameters: a checkpoint chosen by the dream, never by the real game.

    Like SB3's ``EvalCallback`` with ``best_model_save_path``, but batched in one dream vector env, on fixed seeds
    (every checkpoint meets the same episodes), and kept in memory instead of a pickled zip. After ``learn``,
    :meth:`restore_best` loads the chosen parameters into the model. ``kwargs`` go to the dream (``weights``,
    ``temperature``, ...): pass the training dream's.
    """

    def __init__(self, env_id: str, every: int, episodes: int = 64, seed: int = 50_000, **kwargs: Any) -> None:
        super().__init__()
        if every < 1 or episodes < 1:
            raise ConfigError(f"every and episodes must be positive, got every={every}, episodes={episodes}")
        self.env_id, self.every, self.kwargs = env_id, every, kwargs
        self.seeds = list(range(seed, seed + episodes))
        self.max_steps = game_for_id(env_id, kwargs.get("weights")).max_episode_steps
        self.history: list[tuple[int, float]] = []
        self.best: tuple[int, float] | None = None
        self._best_state: dict[str, torch.Tensor] | None = None
        self._next = every

    def _on_step(self) -> bool:
        if self.num_timesteps >= self._next:
            self._next += self.every
            self.score()
        return True

    def _on_training_end(self) -> None:
        if not self.history or self.history[-1][0] != self.num_timesteps:
            self.score()

    def score(self) -> float:
        """The dream's mean return of the policy as it is now; remembered if it is the best so far."""
        env = gym.make_vec(
            self.env_id, num_envs=len(self.seeds), vectorization_mode="vector_entry_point", **self.kwargs
        )
        try:
            returns = run_episodes(
                env, lambda obs: self.model.predict(obs, deterministic=True)[0], self.seeds, self.max_steps
            )
        finally:
            env.close()
        mean = float(returns.mean())
        self.history.append((self.num_timesteps, mean))
        if self.best is None or mean > self.best[1]:
            self.best = (self.num_timesteps, mean)
            self._best_state = copy.deepcopy(self.model.policy.state_dict())
        return mean

    def restore_best(self) -> int:
        """Load the best-scoring parameters into the model; returns the timestep they were taken at."""
        if self.best is None or self._best_state is None:
            raise ConfigError("no checkpoint was scored yet: call restore_best after learn")
        self.model.policy.load_state_dict(self._best_state)
        return self.best[0]
