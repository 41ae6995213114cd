"""`dreamgym serve ENV_ID`: play a dream in a browser. One page, one WebSocket per tab, one env per tab.

The page sends small JSON messages (held arrows, agent toggle, temperature, reset, pause); the server steps the env
at its ``render_fps`` and sends each frame (64x64 RGB bytes) and the heads-up figures. Sessions are capped
(``--max-sessions``), an idle one is closed, and a closed tab frees its env. Messages that are not understood are
logged and ignored; a client that disconnects mid-step only ends its own session.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dreamgym.cli_args import arg
from dreamgym.errors import ConfigError
from dreamgym.play.drive import ARROW_NAMES, Drive

try:
    from aiohttp import web

    SESSIONS: Any = web.AppKey("sessions", set)
except ImportError:  # the serve extra is not installed: `serve` says so when called
    SESSIONS = "sessions"
log = logging.getLogger("dreamgym.serve")
STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class ServeArgs:
    """Arguments of `dreamgym serve`."""

    env: str = arg(help="a dream id (or a real twin) to play in the browser", positional=True)
    host: str = arg("127.0.0.1", "address to bind: localhost only by default; 0.0.0.0 exposes it to the network")
    port: int = arg(8000, "TCP port (0 picks a free one)", low=0)
    weights: Path | None = arg(None, "weight directory (default: the shipped one)")
    temperature: float | None = arg(None, "starting dream temperature (default: the env's)", above=0)
    max_sessions: int = arg(4, "browser tabs served at once (each has its own env)", low=1)
    idle_seconds: float = arg(600.0, "close a tab's session after this long without a message from it", above=0)
    fps: int | None = arg(None, "frames per second (default: the env's render_fps)", low=1)
    side_by_side: bool = arg(
        False, "the real game (left) and the dream (right) under the same actions from the same first frame"
    )


class Session:
    """One browser tab: its :class:`Drive`, the messages it understands, and its frames."""

    def __init__(self, args: ServeArgs) -> None:
        self.drive = Drive(args.env, args.weights, args.temperature, side_by_side=args.side_by_side)
        self.fps = args.fps or int(self.drive.env.metadata.get("render_fps", 30))
        self.last_message = time.monotonic()

    def hello(self) -> dict[str, Any]:
        """What the page needs to draw its controls."""
        d = self.drive
        return {
            "type": "hello",
            "env": d.env_id,
            "is_dream": d.temperature is not None,
            "has_agent": d.controller is not None,
            "fps": self.fps,
            "actions": d.game.describe_actions(),
            "side_by_side": d.dream is not None,
            **({"temperature": d.temperature} if d.temperature is not None else {}),
        }

    def handle(self, text: str) -> None:
        """Apply one message from the page; raises ValueError for one that is not understood."""
        self.last_message = time.monotonic()
        try:
            msg = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"not JSON: {text[:80]!r}") from e
        if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
            raise ValueError(f"not a message object with a type: {text[:80]!r}")
        kind, d = msg["type"], self.drive
        if kind == "keys":
            held = msg.get("held")
            if not isinstance(held, list) or not all(k in ARROW_NAMES for k in held):
                raise ValueError(f"keys.held must be a list of {ARROW_NAMES}, got {held!r}")
            d.hold(set(held))
        elif kind == "agent":
            d.toggle_agent()
        elif kind == "temperature":
            value = msg.get("value")
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"temperature.value must be a number, got {value!r}")
            try:
                d.set_temperature(value)
            except ConfigError as e:
                raise ValueError(str(e)) from e
        elif kind == "reset":
            d.reset()
        elif kind == "pause":
            d.paused = not d.paused
        else:
            raise ValueError(f"unknown message type {kind!r}")

    def frame(self) -> tuple[bytes, dict[str, Any]]:
        """Advance one step (unless paused); the frame's RGB bytes and the figures."""
        self.drive.advance()
        frame = self.drive.frame()
        return frame.tobytes(), {"type": "figures", "shape": list(frame.shape), **self.drive.figures()}

    def close(self) -> None:
        self.drive.close()


def build_app(args: ServeArgs) -> Any:
    """The aiohttp application: the page, its script, and the WebSocket."""
    from aiohttp import WSMsgType, web

    if args.max_sessions < 1:
        raise ConfigError(f"--max-sessions must be at least 1, got {args.max_sessions}")
    Session(args).close()  # a bad env id or weight directory fails here, before the server starts
    sessions: set[Session] = set()

    async def page(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    async def script(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "play.js")

    async def play(ws: web.WebSocketResponse, session: Session) -> None:
        try:
            await _play(ws, session)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        except Exception:  # a session's failure is logged and ends that session, never the server
            log.exception("a session failed; closing it")
            await ws.close(message=b"error")

    async def _play(ws: web.WebSocketResponse, session: Session) -> None:
        while not ws.closed:
            if time.monotonic() - session.last_message > args.idle_seconds:
                log.info("closing a session idle for %.0f s", args.idle_seconds)
                await ws.close(message=b"idle")
                return
            data, figures = session.frame()
            await ws.send_bytes(data)
            await ws.send_str(json.dumps(figures))
            await asyncio.sleep(1 / session.fps)

    async def socket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30)
        await ws.prepare(request)
        if len(sessions) >= args.max_sessions:
            await ws.send_str(json.dumps({"type": "error", "message": f"all {args.max_sessions} sessions are in use"}))
            await ws.close(message=b"full")
            return ws
        session = Session(args)
        sessions.add(session)
        log.info("session opened (%d of %d)", len(sessions), args.max_sessions)
        stepping = None
        try:
            await ws.send_str(json.dumps(session.hello()))
            stepping = asyncio.create_task(play(ws, session))
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        session.handle(msg.data)
                    except ValueError as e:
                        log.warning("ignored a message: %s", e)
                elif msg.type == WSMsgType.ERROR:
                    break
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            if stepping is not None:
                stepping.cancel()
                with contextlib.suppress(asyncio.CancelledError, ConnectionResetError, RuntimeError):
                    await stepping
            sessions.discard(session)
            session.close()
            log.info("session closed (%d left)", len(sessions))
        return ws

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/play.js", script)
    app.router.add_get("/ws", socket)
    app[SESSIONS] = sessions
    return app


def serve(args: ServeArgs) -> None:
    """Serve the page until interrupted."""
    try:
        from aiohttp import web
    except ImportError as e:
        raise ConfigError("dreamgym serve needs aiohttp: pip install 'dreamgym[serve]'") from e
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    app = build_app(args)
    where = (
        "only this machine can connect"
        if args.host in ("127.0.0.1", "localhost", "::1")
        else "REACHABLE FROM THE NETWORK"
    )
    print(f"dreamgym serve: {args.env} at http://{args.host}:{args.port}/ ({where}; Ctrl+C stops)")
    web.run_app(app, host=args.host, port=args.port, print=None)
