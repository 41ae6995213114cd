"""`dreamgym serve`: the WebSocket protocol (aiohttp's test client) and the page in headless Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
from aiohttp import WSMsgType  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from dreamgym.errors import ConfigError  # noqa: E402
from dreamgym.play.serve import SESSIONS, ServeArgs, build_app  # noqa: E402

ENV = "DreamTakeCover-v0"


def _real_installed() -> bool:
    from dreamgym.envs.sources import source_available
    from dreamgym.games import GAMES

    return source_available(GAMES["takecover"])


def _args(weights: Path, **kw: object) -> ServeArgs:
    return ServeArgs(ENV, weights=weights, fps=200, **kw)  # type: ignore[arg-type]


async def _next_figures(ws, skip: int = 0) -> tuple[bytes, dict]:
    """The next (frame, figures) pair after skipping ``skip`` pairs."""
    frame = None
    while True:
        msg = await ws.receive(timeout=10)
        if msg.type == WSMsgType.BINARY:
            frame = msg.data
        elif msg.type == WSMsgType.TEXT and json.loads(msg.data)["type"] == "figures" and frame is not None:
            if skip == 0:
                return frame, json.loads(msg.data)
            skip -= 1
        elif msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            raise AssertionError("the server closed the socket")


def _run(coro_fn, app) -> None:
    async def main() -> None:
        async with TestClient(TestServer(app)) as client:
            await coro_fn(client)

    asyncio.run(main())


def test_frames_keys_agent_temperature_and_bad_messages(tiny_weights: dict[str, Path]) -> None:
    app = build_app(_args(tiny_weights[ENV]))

    async def body(client: TestClient) -> None:
        ws = await client.ws_connect("/ws")
        hello = json.loads((await ws.receive()).data)
        assert hello["type"] == "hello" and hello["has_agent"] and hello["temperature"] == pytest.approx(1.5)
        frame, figures = await _next_figures(ws)
        assert len(frame) == 64 * 64 * 3 and figures["driver"] == "you"
        for bad in (
            "not json",
            "[1, 2]",
            '{"type": "fly"}',
            '{"type": "keys", "held": ["sideways"]}',
            '{"type": "temperature", "value": "hot"}',
            '{"type": "temperature", "value": -1}',
        ):
            await ws.send_str(bad)
        await ws.send_str(json.dumps({"type": "keys", "held": ["left"]}))
        await ws.send_str(json.dumps({"type": "temperature", "value": 0.5}))
        _, figures = await _next_figures(ws, skip=3)
        assert figures["temperature"] == pytest.approx(0.5) and figures["step"] > 1  # the server survived them all
        session = next(iter(app[SESSIONS]))
        assert session.drive.action() == 2  # held left
        await ws.send_str(json.dumps({"type": "agent"}))
        _, figures = await _next_figures(ws, skip=2)
        assert figures["driver"] == "agent"
        await ws.send_str(json.dumps({"type": "pause"}))
        _, a = await _next_figures(ws, skip=2)
        _, b = await _next_figures(ws, skip=2)
        assert a["paused"] and a["step"] == b["step"]
        await ws.close()
        for _ in range(50):
            if not app[SESSIONS]:
                break
            await asyncio.sleep(0.05)
        assert not app[SESSIONS]  # a closed tab frees its env

    _run(body, app)


def test_sessions_are_capped_and_freed_and_idle_ones_closed(tiny_weights: dict[str, Path]) -> None:
    app = build_app(_args(tiny_weights[ENV], max_sessions=1, idle_seconds=0.5))

    async def body(client: TestClient) -> None:
        first = await client.ws_connect("/ws")
        await _next_figures(first)
        second = await client.ws_connect("/ws")
        msg = json.loads((await second.receive(timeout=10)).data)
        assert msg["type"] == "error" and "sessions" in msg["message"]
        closed = await first.receive(timeout=10)
        while closed.type not in (WSMsgType.CLOSE, WSMsgType.CLOSED):  # the idle session is closed by the server
            closed = await first.receive(timeout=10)
        for _ in range(50):
            if not app[SESSIONS]:
                break
            await asyncio.sleep(0.05)
        third = await client.ws_connect("/ws")
        assert json.loads((await third.receive(timeout=10)).data)["type"] == "hello"
        await third.close()

    _run(body, app)


def test_a_client_vanishing_mid_stream_ends_only_its_session(tiny_weights: dict[str, Path]) -> None:
    app = build_app(_args(tiny_weights[ENV], max_sessions=2))

    async def body(client: TestClient) -> None:
        gone = await client.ws_connect("/ws")
        await _next_figures(gone)
        gone._response.connection.transport.abort()  # the tab dies without a close handshake
        stays = await client.ws_connect("/ws")
        await _next_figures(stays, skip=5)
        for _ in range(100):
            if len(app[SESSIONS]) == 1:
                break
            await asyncio.sleep(0.05)
        assert len(app[SESSIONS]) == 1
        await stays.close()

    _run(body, app)


def test_bad_arguments_fail_before_serving(tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max-sessions"):
        build_app(_args(tiny_weights[ENV], max_sessions=0))
    with pytest.raises(ConfigError):
        build_app(ServeArgs("DreamNothing-v0"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")), reason="no chromium here")
@pytest.mark.parametrize("side_by_side", [False, True])
def test_the_page_in_headless_chromium(side_by_side: bool, tiny_weights: dict[str, Path], tmp_path: Path) -> None:
    from aiohttp import web
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    if side_by_side and not _real_installed():
        pytest.skip("vizdoom not installed")
    port = _free_port()
    shot = os.environ.get("DREAMGYM_SCREENSHOT")  # a directory: the README's screenshots, of the shipped dream
    app = build_app(
        _args(tiny_weights[ENV], max_sessions=2, side_by_side=side_by_side)
        if shot is None
        else ServeArgs(ENV, fps=35, side_by_side=side_by_side)
    )
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1150,800",
    ):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(shutil.which("chromedriver")))
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        hud = driver.find_element(By.ID, "hud")

        def wait(predicate, what: str) -> None:
            deadline = time.time() + 20
            while time.time() < deadline:
                if predicate():
                    return
                time.sleep(0.05)
            raise AssertionError(f"timed out waiting for {what}; hud: {hud.text!r}")

        wait(lambda: int(hud.get_attribute("data-step") or 0) > 3, "steps")
        pixels = "const c = document.getElementById('screen'); return c.getContext('2d').getImageData(0, 0, c.width, 64).data.join(',')"
        first = driver.execute_script(pixels)
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ARROW_LEFT)
        wait(lambda: driver.execute_script(pixels) != first, "the frame to change")
        session = next(iter(app[SESSIONS]))
        body.send_keys(Keys.TAB)
        wait(lambda: hud.get_attribute("data-driver") == "agent", "the agent to drive")
        driver.execute_script(
            "const s = document.getElementById('temperature'); s.value = 0.6; s.dispatchEvent(new Event('input'));"
        )
        wait(lambda: abs(float(hud.get_attribute("data-temperature")) - 0.6) < 1e-6, "the temperature")
        assert session.drive.temperature == pytest.approx(0.6)
        path = Path(shot or tmp_path) / ("serve_side_by_side.png" if side_by_side else "serve.png")
        driver.save_screenshot(str(path))
        assert path.stat().st_size > 1000
        width = driver.execute_script("return document.getElementById('screen').width")
        assert width == (130 if side_by_side else 64) == session.drive.frame().shape[1]
    finally:
        driver.quit()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)


@pytest.mark.skipif(not _real_installed(), reason="vizdoom not installed")
def test_side_by_side_streams_the_real_game_and_the_dream(tiny_weights: dict[str, Path]) -> None:
    app = build_app(_args(tiny_weights[ENV], side_by_side=True))

    async def body(client: TestClient) -> None:
        ws = await client.ws_connect("/ws")
        hello = json.loads((await ws.receive()).data)
        assert hello["side_by_side"] and hello["is_dream"]
        frame, figures = await _next_figures(ws, skip=2)
        assert figures["shape"] == [64, 130, 3] and len(frame) == 64 * 130 * 3
        assert "dream_return" in figures and figures["step"] >= 3
        await ws.close()

    _run(body, app)
