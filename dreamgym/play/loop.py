"""`dreamgym play ENV_ID`: drive a dream (or a real twin) with the keyboard, hand over to the agent, record it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pygame

from dreamgym.cli_args import arg
from dreamgym.errors import ConfigError
from dreamgym.play.drive import TEMPERATURE_STEP, Drive
from dreamgym.play.keys import ARROWS, CONTROLS, DRIVING_KEYS
from dreamgym.play.window import Window


@dataclass
class PlayArgs:
    """Arguments of `dreamgym play`."""

    env: str = arg(help="a dream id or its real twin", positional=True)
    temperature: float | None = arg(None, "starting dream temperature (default: the env's)", above=0)
    agent: bool = arg(False, "start with the shipped controller driving")
    scale: int = arg(8, "window size as a multiple of the frame's pixels (64x64 for the shipped dreams)", low=1)
    fps: int | None = arg(None, "frames per second (default: the env's render_fps; 0 = as fast as possible)", low=0)
    record: Path | None = arg(None, "write what is shown to a .gif or .mp4")
    max_steps: int | None = arg(None, "stop after this many steps", low=1)
    seed: int | None = arg(0, "seed of the first episode", low=0)
    weights: Path | None = arg(None, "weight directory (default: the shipped one)")
    side_by_side: bool = arg(
        False, "the real game (left) and the dream (right) under the same actions from the same first frame"
    )


class PlaySession(Drive):
    """One play loop: pygame events in, one env step per frame, a status bar, optional recording."""

    def __init__(self, args: PlayArgs) -> None:
        if args.scale < 1:
            raise ConfigError(f"--scale must be a positive integer, got {args.scale}")
        super().__init__(args.env, args.weights, args.temperature, args.agent, args.seed, args.side_by_side)
        self.args = args
        self.fps = self.env.metadata.get("render_fps", 30) if args.fps is None else args.fps
        height, width = self.frame().shape[:2]
        self.window = Window(
            f"dreamgym: {args.env}", width * args.scale, height * args.scale, status_sample=self.status(sample=True)
        )
        self.pressed: set[int] = set()
        self.show_help = self.quit = False
        self.recorded: list[np.ndarray] = []

    def handle_events(self) -> None:
        """Apply pending keyboard and window events."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.quit = True
            elif event.type == pygame.KEYDOWN:
                self._key_down(event.key)
            elif event.type == pygame.KEYUP:
                self.pressed.discard(event.key)
                self.arrows = self._arrows()

    def _key_down(self, key: int) -> None:
        if key in DRIVING_KEYS:
            self.pressed.add(key)
            self.hold(self._arrows())
        elif key == pygame.K_TAB:
            self.toggle_agent()
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET) and self.is_dream:
            delta = TEMPERATURE_STEP if key == pygame.K_RIGHTBRACKET else -TEMPERATURE_STEP
            self.set_temperature(self.temperature + delta)
        elif key == pygame.K_r:
            self.reset()
        elif key in (pygame.K_p, pygame.K_SPACE):
            self.paused = not self.paused
        elif key == pygame.K_h:
            self.show_help = not self.show_help
        elif key == pygame.K_ESCAPE:
            self.quit = True

    def _arrows(self) -> set[str]:
        return {ARROWS[k] for k in self.pressed if k in ARROWS}

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
        self.advance()
        self.window.show(self.frame(), fps=self.fps, text=self.help_text(), status=self.status())
        if self.args.record is not None:
            self.recorded.append(pygame.surfarray.array3d(self.window.surface).swapaxes(0, 1).copy())

    def run(self) -> dict[str, Any]:
        """Loop until Esc, window close or ``max_steps``; write the recording; return the summary."""
        try:
            while not self.quit and (self.args.max_steps is None or self.steps < self.args.max_steps):
                self.tick()
        finally:
            self.close()
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
