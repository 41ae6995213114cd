"""One person driving a dream (or a real twin): the env, who drives, the episode's figures. No display code, so
the pygame window (`dreamgym play`) and the browser page (`dreamgym serve`) share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dreamgym.envs.registration import game_for_id
from dreamgym.errors import ConfigError
from dreamgym.models import MemoryController, reset_controller
from dreamgym.weights import CONTROLLER_FILE, load_controller
from dreamgym.wrappers import WorldModelObservation, world_model_wrapper

TEMPERATURE_STEP = 0.05
ARROW_NAMES = ("left", "right", "up", "down")


class Drive:
    """An env driven by held arrows or by the shipped controller, one ``advance()`` per frame.

    ``side_by_side``: the real twin leads (the agent sees its observations) and the dream follows the same actions
    from V's encoding of the same first frame, shown to its right, so a person sees where the dream drifts.
    """

    def __init__(
        self,
        env_id: str,
        weights: Path | None = None,
        temperature: float | None = None,
        agent: bool = False,
        seed: int | None = 0,
        side_by_side: bool = False,
    ) -> None:
        self.env_id = env_id
        self.game = game_for_id(env_id, weights)
        self.is_dream = env_id.removeprefix("dreamgym:") == self.game.dream_id
        kwargs: dict[str, Any] = {"weights": weights, "render_mode": "rgb_array"}
        dream_kwargs = {**kwargs, "render_scale": 1, **({} if temperature is None else {"temperature": temperature})}
        if self.is_dream:
            kwargs = dream_kwargs
        elif temperature is not None and not side_by_side:
            raise ConfigError("--temperature applies to dream envs only")
        self.dream = None
        if side_by_side:
            self.dream = gym.make(self.game.dream_id, **dream_kwargs)
            self.is_dream = False
            self.env = gym.make(self.game.real_id, weights=weights)
            self.dream_over, self.dream_return = False, 0.0
        else:
            self.env = gym.make(env_id, **kwargs)
        self.controller = None
        path = Path(self._weights_dir()) / CONTROLLER_FILE
        if path.exists():
            self.controller = load_controller(path)[0]
        if agent and self.controller is None:
            raise ConfigError(f"--agent needs a controller, and {path} does not exist")
        self.agent_driving = agent
        self.arrows: set[str] = set()
        self.paused = False
        self.steps = self.episode_steps = 0
        self.episode_return = 0.0
        self.returns: list[float] = []
        self.done_probability = 0.0
        self._start(seed)

    def _start(self, seed: int | None = None) -> None:
        self.obs, _ = self.env.reset(seed=seed)
        reset_controller(self.controller)
        self._chosen: np.ndarray | None = None
        if self.dream is not None:
            self.dream.reset(seed=seed, options={"initial_z": self._twin().mean_latent()})
            self.dream_over, self.dream_return = False, 0.0

    def _twin(self) -> WorldModelObservation:
        """The real twin's world-model wrapper (its V, M and the frame V saw)."""
        return world_model_wrapper(self.env)

    def _weights_dir(self) -> Path:
        if self.is_dream:
            return self.env.unwrapped.world_model.directory
        return self._twin().wm.directory

    @property
    def _dream_env(self) -> gym.Env | None:
        return self.dream if self.dream is not None else (self.env if self.is_dream else None)

    @property
    def temperature(self) -> float | None:
        """The dream's temperature (None for a real twin alone)."""
        return None if self._dream_env is None else self._dream_env.unwrapped.temperature

    def set_temperature(self, value: float) -> None:
        """Set the dream's temperature (at least one step of 0.05; validated by the env)."""
        if self._dream_env is None:
            raise ConfigError("the temperature applies to dream envs only")
        self._dream_env.unwrapped.temperature = round(max(TEMPERATURE_STEP, float(value)), 4)

    def hold(self, arrows: set[str]) -> None:
        """The arrows now held; any held arrow takes over from the agent."""
        self.arrows = {a for a in arrows if a in ARROW_NAMES}
        if self.arrows:
            self.agent_driving = False

    def toggle_agent(self) -> None:
        """Hand the wheel to the controller, or take it back (no controller: stays with the person)."""
        self.agent_driving = not self.agent_driving and self.controller is not None

    def reset(self) -> None:
        """End the episode and start a new one."""
        self._end_episode()
        self._start()

    def _agent_action(self) -> np.ndarray:
        """The controller's action for this step, chosen once (a controller with its own M advances on each choice)."""
        if self._chosen is None:
            with torch.inference_mode():
                self._chosen = self.controller(torch.from_numpy(self.obs)[None])[0].numpy()
        return self._chosen

    def action(self) -> int | np.ndarray:
        """The agent's action while it drives, else the held arrows'."""
        if self.agent_driving and self.controller is not None:
            return self._agent_action()
        return self.game.hook("key_action")(set(self.arrows))

    def advance(self) -> None:
        """One env step unless paused; a finished episode starts the next."""
        if self.paused:
            return
        action = self.action()
        if isinstance(self.controller, MemoryController) and not self.agent_driving:
            self._agent_action()  # its M follows the episode while a person drives, so it can take over any time
            self.controller.played(torch.as_tensor(np.asarray(action))[None])
        self.obs, reward, terminated, truncated, info = self.env.step(action)
        self._chosen = None
        self.done_probability = float(info.get("done_probability", 0.0))
        if self.dream is not None and not self.dream_over:
            _, dream_reward, d_term, d_trunc, dream_info = self.dream.step(action)
            self.dream_return += float(dream_reward)
            self.dream_over = d_term or d_trunc
            self.done_probability = float(dream_info.get("done_probability", 0.0))
        self.steps += 1
        self.episode_steps += 1
        self.episode_return += float(reward)
        if terminated or truncated:
            self.reset()

    def _end_episode(self) -> None:
        if self.episode_steps:
            self.returns.append(self.episode_return)
        self.episode_steps, self.episode_return = 0, 0.0

    def figures(self) -> dict[str, Any]:
        """The heads-up figures: step, return, temperature, driver, death probability (games with a done head
        and no learned reward), paused."""
        out: dict[str, Any] = {
            "env": self.env_id,
            "step": self.episode_steps,
            "return": round(self.episode_return, 2),
            "temperature": self.temperature,
            "driver": "agent" if self.agent_driving else "you",
            "paused": self.paused,
            "episodes": len(self.returns),
        }
        if self.game.discrete_actions:
            out["death_probability"] = round(self.done_probability, 4)
        if self.dream is not None:
            out["dream_return"] = round(self.dream_return, 2)
            out["dream_over"] = self.dream_over
        return out

    def status(self, sample: bool = False) -> list[str]:
        """The status bar's fields; ``sample`` gives the widest values, to size the bar."""
        who = "agent" if sample or self.agent_driving else "you"
        steps, ret = (self.game.max_episode_steps, -8888.8) if sample else (self.episode_steps, self.episode_return)
        parts = [self.env_id, f"step {steps}", f"return {ret:.1f}"]
        if self.dream is not None:
            parts.append(
                f"dream {-8888.8 if sample else self.dream_return:.1f}{'' if sample or not self.dream_over else ' (over)'}"
            )
        if self.temperature is not None or sample:
            parts.append(f"tau {8.88 if sample else self.temperature:.2f}")
        parts.append(f"driver: {who}")
        if self.game.discrete_actions:
            parts.append(f"death p {0.88 if sample else self.done_probability:.2f}")
        if sample or self.paused:
            parts.append("[paused]")
        return parts

    def frame(self) -> np.ndarray:
        """What the env shows now: V's decoding in a dream, the real frame in a twin; side by side, the
        real frame V sees and the dream's (dimmed once the dream's episode is over)."""
        if self.dream is None:
            return self.env.render()
        dream = self.dream.render()
        if self.dream_over:
            dream = (dream * 0.3).astype(np.uint8)
        return np.concatenate([self._twin().frame, np.zeros((len(dream), 2, 3), np.uint8), dream], axis=1)

    def close(self) -> None:
        """Close the env(s)."""
        self.env.close()
        if self.dream is not None:
            self.dream.close()
