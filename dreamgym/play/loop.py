"""`dreamgym play ENV_ID`: drive a dream (or a real twin) with the keyboard, hand over to the agent, record it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import pygame
import torch

from dreamgym.cli_args import arg
from dreamgym.envs.registration import game_for_id
from dreamgym.errors import ConfigError
from dreamgym.play.keys import CONTROLS, DRIVING_KEYS, key_action
from dreamgym.play.window import Window
from dreamgym.weights import CONTROLLER_FILE, load_controller

TEMPERATURE_STEP = 0.05


@dataclass
class PlayArgs:
    """Arguments of `dreamgym play`."""

    env: str = arg(help="a dream id or its real twin", positional=True)
    temperature: float | None = arg(None, "starting dream temperature (default: the env's)")
    agent: bool = arg(False, "start with the shipped controller driving")
    scale: int = arg(8, "window size as a multiple of 64 pixels")
    fps: int | None = arg(None, "frames per second (default: the env's render_fps; 0 = as fast as possible)")
    record: Path | None = arg(None, "write what is shown to a .gif or .mp4")
    max_steps: int | None = arg(None, "stop after this many steps")
    seed: int | None = arg(0, "seed of the first episode")
    weights: Path | None = arg(None, "weight directory (default: the shipped one)")


class PlaySession:
    """One play loop: events in, one env step per frame, a heads-up line, optional recording."""

    def __init__(self, args: PlayArgs) -> None:
        self.args = args
        self.game = game_for_id(args.env, args.weights)
        self.is_dream = args.env.removeprefix("dreamgym:") == self.game.dream_id
        kwargs: dict[str, Any] = {"weights": args.weights, "render_mode": "rgb_array"}
        if self.is_dream:
            kwargs["render_scale"] = 1
            if args.temperature is not None:
                kwargs["temperature"] = args.temperature
        elif args.temperature is not None:
            raise ConfigError("--temperature applies to dream envs only")
        if args.scale < 1:
            raise ConfigError(f"--scale must be a positive integer, got {args.scale}")
        self.env = gym.make(args.env, **kwargs)
        self.controller = None
        path = (
            Path(self.env.unwrapped.world_model.directory if self.is_dream else self._weights_dir()) / CONTROLLER_FILE
        )
        if path.exists():
            self.controller = load_controller(path)[0]
        if args.agent and self.controller is None:
            raise ConfigError(f"--agent needs a controller, and {path} does not exist")
        self.agent_driving = args.agent
        self.fps = self.env.metadata.get("render_fps", 30) if args.fps is None else args.fps
        self.window = Window(
            f"dreamgym: {args.env}", 64 * args.scale, 64 * args.scale, status_sample=self.status(sample=True)
        )
        self.pressed: set[int] = set()
        self.paused = self.show_help = self.quit = False
        self.steps = self.episode_steps = 0
        self.episode_return = 0.0
        self.returns: list[float] = []
        self.recorded: list[np.ndarray] = []
        self.obs, _ = self.env.reset(seed=args.seed)
        self.done_probability = 0.0

    def _weights_dir(self) -> Path:
        wrapper = self.env
        while not hasattr(wrapper, "wm"):
            wrapper = wrapper.env
        return wrapper.wm.directory

    @property
    def temperature(self) -> float | None:
        return self.env.unwrapped.temperature if self.is_dream else None

    def handle_events(self) -> None:
        """Apply pending keyboard and window events."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.quit = True
            elif event.type == pygame.KEYDOWN:
                self._key_down(event.key)
            elif event.type == pygame.KEYUP:
                self.pressed.discard(event.key)

    def _key_down(self, key: int) -> None:
        if key in DRIVING_KEYS:
            self.pressed.add(key)
            self.agent_driving = False
        elif key == pygame.K_TAB:
            self.agent_driving = not self.agent_driving and self.controller is not None
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET) and self.is_dream:
            delta = TEMPERATURE_STEP if key == pygame.K_RIGHTBRACKET else -TEMPERATURE_STEP
            self.env.unwrapped.temperature = round(max(TEMPERATURE_STEP, self.temperature + delta), 4)
        elif key == pygame.K_r:
            self._end_episode()
            self.obs, _ = self.env.reset()
        elif key in (pygame.K_p, pygame.K_SPACE):
            self.paused = not self.paused
        elif key == pygame.K_h:
            self.show_help = not self.show_help
        elif key == pygame.K_ESCAPE:
            self.quit = True

    def action(self) -> int | np.ndarray:
        """The agent's action while it drives, else the held keys'."""
        if self.agent_driving and self.controller is not None:
            with torch.inference_mode():
                return self.controller(torch.from_numpy(self.obs)[None])[0].numpy()
        return key_action(self.game, self.pressed)

    def _end_episode(self) -> None:
        if self.episode_steps:
            self.returns.append(self.episode_return)
        self.episode_steps, self.episode_return = 0, 0.0

    def status(self, sample: bool = False) -> list[str]:
        """The status bar's fields; ``sample`` gives the widest values, to size the bar."""
        who = "agent" if sample or self.agent_driving else "you"
        steps, ret = (self.game.max_episode_steps, -8888.8) if sample else (self.episode_steps, self.episode_return)
        parts = [self.args.env, f"step {steps}", f"return {ret:.1f}"]
        if self.is_dream:
            parts.append(f"tau {8.88 if sample else self.temperature:.2f}")
        parts.append(f"driver: {who}")
        if self.game.discrete_actions:
            parts.append(f"death p {0.88 if sample else self.done_probability:.2f}")
        if sample or self.paused:
            parts.append("[paused]")
        return parts

    def help_text(self) -> str | None:
        """The key help, one control a line, while it is shown (H)."""
        return "\n".join(f"{k}: {v}" for k, v in CONTROLS.items()) if self.show_help else None

    def hud(self) -> str:
        """The status on one line, and the key help when shown."""
        return "\n".join(t for t in ("  ".join(self.status()), self.help_text()) if t)

    def tick(self) -> None:
        """Handle events, step once (unless paused), draw, record."""
        self.handle_events()
        if self.quit:
            return
        if not self.paused:
            self.obs, reward, terminated, truncated, info = self.env.step(self.action())
            self.done_probability = float(info.get("done_probability", 0.0))
            self.steps += 1
            self.episode_steps += 1
            self.episode_return += reward
            if terminated or truncated:
                self._end_episode()
                self.obs, _ = self.env.reset()
        self.window.show(self.env.render(), fps=self.fps, text=self.help_text(), status=self.status())
        if self.args.record is not None:
            self.recorded.append(pygame.surfarray.array3d(self.window.surface).swapaxes(0, 1).copy())

    def run(self) -> dict[str, Any]:
        """Loop until Esc, window close or ``max_steps``; write the recording; return the summary."""
        try:
            while not self.quit and (self.args.max_steps is None or self.steps < self.args.max_steps):
                self.tick()
        finally:
            self.env.close()
            self.window.close()
        if self.args.record is not None and self.recorded:
            write_video(self.args.record, self.recorded, self.fps or 30)
        unfinished = self.episode_return if self.episode_steps else None
        return {"steps": self.steps, "episodes": len(self.returns), "returns": self.returns, "unfinished": unfinished}


def write_video(path: Path, frames: list[np.ndarray], fps: int) -> None:
    """A GIF or MP4 of the frames (imageio; MP4 needs imageio-ffmpeg)."""
    import imageio.v3 as iio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".gif":
        iio.imwrite(path, np.stack(frames), duration=1000 / fps, loop=0)
    elif path.suffix.lower() == ".mp4":
        try:
            iio.imwrite(path, np.stack(frames), fps=fps, codec="libx264")
        except Exception as e:  # imageio raises several types when no ffmpeg plugin is installed
            raise ConfigError(f"cannot write {path} ({e}); pip install imageio-ffmpeg, or record a .gif") from e
    else:
        raise ConfigError(f"--record must end in .gif or .mp4, got {path}")


def play(args: PlayArgs) -> dict[str, Any]:
    """Run a play session and print a one-line summary."""
    if args.record is not None and Path(args.record).suffix.lower() not in (".gif", ".mp4"):
        raise ConfigError(f"--record must end in .gif or .mp4, got {args.record}")
    summary = PlaySession(args).run()
    r = summary["returns"]
    returns = f"mean return {np.mean(r):.1f}, best {max(r):.1f}" if r else "no finished episode"
    if summary["unfinished"] is not None:
        returns += f"; unfinished episode at return {summary['unfinished']:.1f}"
    print(f"{args.env}: {summary['steps']} steps, {summary['episodes']} finished episodes, {returns}")
    return summary


def main(argv: list[str] | None = None) -> int:
    """`python -m dreamgym.play`."""
    from dreamgym.cli import main as cli_main

    return cli_main(["play", *(sys.argv[1:] if argv is None else argv)])
