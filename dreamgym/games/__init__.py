"""The games dreamgym ships, one module each: adding a game is adding its module and one line below.

A game module defines ``SPEC`` (a :class:`~dreamgym.envs.spec.GameSpec`) and the hooks generic code calls through
``SPEC.hook(name)``: ``import_source()``, ``make_source(render_mode=None, **kwargs)``, ``source_frame(obs)``,
``exploration_policy(rng, env, max_hold, **options)`` and ``key_action(pressed)`` (a set of arrow names).
"""

from __future__ import annotations

from dreamgym.envs.spec import GameSpec
from dreamgym.games import carracing, lunarlander, takecover

GAMES: dict[str, GameSpec] = {m.SPEC.name: m.SPEC for m in (takecover, carracing, lunarlander)}

__all__ = ["GAMES"]
