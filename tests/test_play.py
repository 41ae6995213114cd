"""Human play, headless: posted key events drive the action, the temperature, the agent hand-over and recording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from dreamgym.games import GAMES
from dreamgym.play.keys import keys_to_action
from dreamgym.play.loop import PlayArgs, PlaySession


def _session(weights: Path, env_id: str = "DreamTakeCover-v0", **kw: object) -> PlaySession:
    return PlaySession(PlayArgs(env_id, weights=weights, fps=0, scale=2, **kw))  # type: ignore[arg-type]


def _key(kind: int, key: int) -> None:
    pygame.event.post(pygame.event.Event(kind, key=key))


def test_arrow_keys_move_the_take_cover_action(tiny_weights: dict[str, Path]) -> None:
    s = _session(tiny_weights["DreamTakeCover-v0"])
    assert s.action() == 0
    _key(pygame.KEYDOWN, pygame.K_LEFT)
    s.tick()
    assert s.action() == 2
    _key(pygame.KEYUP, pygame.K_LEFT)
    _key(pygame.KEYDOWN, pygame.K_RIGHT)
    s.tick()
    assert s.action() == 1
    s.env.close()


def test_car_keys_combine(tiny_weights: dict[str, Path]) -> None:
    s = _session(tiny_weights["DreamCarRacing-v0"], env_id="DreamCarRacing-v0")
    _key(pygame.KEYDOWN, pygame.K_UP)
    _key(pygame.KEYDOWN, pygame.K_LEFT)
    s.tick()
    np.testing.assert_allclose(s.action(), [-1.0, 1.0, 0.0])
    _key(pygame.KEYUP, pygame.K_UP)
    _key(pygame.KEYDOWN, pygame.K_DOWN)
    s.tick()
    a = s.action()
    assert a[0] == -1.0 and a[1] == 0.0 and a[2] > 0
    s.env.close()


def test_brackets_change_the_temperature_the_env_uses(tiny_weights: dict[str, Path]) -> None:
    s = _session(tiny_weights["DreamTakeCover-v0"], temperature=1.0)
    _key(pygame.KEYDOWN, pygame.K_RIGHTBRACKET)
    s.tick()
    assert s.env.unwrapped.temperature == pytest.approx(1.05)
    _key(pygame.KEYDOWN, pygame.K_LEFTBRACKET)
    _key(pygame.KEYDOWN, pygame.K_LEFTBRACKET)
    s.tick()
    assert s.env.unwrapped.temperature == pytest.approx(0.95)
    assert "tau 0.95" in s.hud()


def test_tab_hands_control_to_the_controller_and_a_key_takes_it_back(tiny_weights: dict[str, Path]) -> None:
    s = _session(tiny_weights["DreamTakeCover-v0"])
    assert not s.agent_driving
    _key(pygame.KEYDOWN, pygame.K_TAB)
    s.tick()
    assert s.agent_driving and "driver: agent" in s.hud()
    _key(pygame.KEYDOWN, pygame.K_LEFT)
    s.tick()
    assert not s.agent_driving


def test_pause_reset_help_and_escape(tiny_weights: dict[str, Path]) -> None:
    s = _session(tiny_weights["DreamTakeCover-v0"])
    _key(pygame.KEYDOWN, pygame.K_p)
    s.tick()
    steps = s.steps
    s.tick()
    assert s.paused and s.steps == steps
    _key(pygame.KEYDOWN, pygame.K_h)
    s.tick()
    assert "Tab" in s.hud()
    _key(pygame.KEYDOWN, pygame.K_ESCAPE)
    summary = s.run()
    assert s.quit and summary["steps"] == steps


def test_record_writes_one_frame_per_step_and_max_steps_ends(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "dream.gif"
    summary = _session(tiny_weights["DreamTakeCover-v0"], record=out, max_steps=25, agent=True).run()
    assert summary["steps"] == 25
    import imageio.v3 as iio

    frames = iio.imread(out, index=None)
    assert frames.shape[0] == 25 and frames.shape[2] == 128 and frames.shape[1] > 128  # the frame, then the status bar


def test_cli_play_headless(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "d.gif"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dreamgym.play",
            "DreamCarRacing-v0",
            "--weights",
            str(tiny_weights["DreamCarRacing-v0"]),
            "--agent",
            "--max-steps",
            "12",
            "--fps",
            "0",
            "--record",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "12 steps" in proc.stdout and out.exists()


def test_keys_to_action_for_gymnasium_play() -> None:
    discrete = keys_to_action(GAMES["takecover"])
    assert () not in discrete and discrete[(pygame.K_RIGHT,)] == 1 and discrete[(pygame.K_LEFT,)] == 2
    assert discrete[tuple(sorted((pygame.K_LEFT, pygame.K_RIGHT)))] == 0 and (pygame.K_UP,) not in discrete
    car = keys_to_action(GAMES["carracing"])
    np.testing.assert_allclose(car[tuple(sorted((pygame.K_UP, pygame.K_RIGHT)))], [1, 1, 0])


@pytest.mark.parametrize("env_id", ["DreamTakeCover-v0", "DreamCarRacing-v0"])
def test_gymnasium_play_runs_on_the_dreams(env_id: str, tiny_weights: dict[str, Path]) -> None:
    import gymnasium as gym
    from gymnasium.utils.play import play

    env = gym.make(env_id, weights=tiny_weights[env_id], render_mode="rgb_array")
    steps = []

    def stop_after_five(*transition: object) -> None:
        steps.append(transition)
        if len(steps) == 5:
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    noop = 0 if env_id == "DreamTakeCover-v0" else np.zeros(3, np.float32)
    play(env, fps=1000, callback=stop_after_five, noop=noop, seed=0)
    assert len(steps) >= 5


@pytest.mark.parametrize("scale", [1, 2, 4, 8])
def test_status_bar_fits_whole_at_every_scale(scale: int, tiny_weights: dict[str, Path]) -> None:
    from dreamgym.play.window import PAD, wrap

    s = PlaySession(PlayArgs("DreamTakeCover-v0", weights=tiny_weights["DreamTakeCover-v0"], scale=scale, fps=0))
    w = s.window
    lines = wrap(s.status(sample=True), w._fits)
    assert all(w.font.size(line)[0] <= w.surface.get_width() - 2 * PAD for line in lines)
    assert w.surface.get_height() >= 64 * scale + len(lines) * w.line_height
    s.tick()
    s.window.close()
    s.env.close()


def test_side_by_side_shows_the_real_game_and_the_dream_under_the_same_actions(tiny_weights: dict[str, Path]) -> None:
    from dreamgym.envs.sources import source_available

    if not source_available(GAMES["takecover"]):
        pytest.skip("vizdoom not installed")
    s = _session(tiny_weights["DreamTakeCover-v0"], side_by_side=True)
    assert s.window.surface.get_width() == 130 * 2 and s.temperature is not None
    _key(pygame.KEYDOWN, pygame.K_LEFT)
    for _ in range(3):
        s.tick()
    assert s.frame().shape == (64, 130, 3) and s.action() == 2
    assert "dream " in s.hud() and s.steps == 3
    s.close()
    s.window.close()


def test_a_controller_with_its_own_m_follows_the_person_and_takes_over(tmp_path: Path) -> None:
    from dreamgym.envs.registration import game_for_id
    from dreamgym.play.drive import Drive
    from dreamgym.testing import write_random_world_model

    env_id = "DreamCarRacing-v0"
    weights = write_random_world_model(
        tmp_path, game_for_id(env_id), z_size=8, hidden_size=16, mixtures=3, memory_hidden=12
    )
    drive = Drive(env_id, weights=weights)
    drive.hold({"left"})
    for _ in range(3):
        drive.advance()
        np.testing.assert_allclose(drive.controller._pending[1][0].numpy(), [-1.0, 0.0, 0.0])
    drive.toggle_agent()
    chosen = drive.action()
    np.testing.assert_array_equal(drive.action(), chosen)  # asking twice in one step does not advance its M
    drive.advance()
    np.testing.assert_allclose(drive.controller._pending[1][0].numpy(), chosen)
    drive.close()
