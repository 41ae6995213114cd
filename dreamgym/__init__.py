"""dreamgym: learned world models (V + M of Ha & Schmidhuber's "World Models") as Gymnasium environments.

``import dreamgym`` registers ``DreamTakeCover-v0`` and ``DreamCarRacing-v0`` (and the real twins when their
games are installed).
"""

from dreamgym.envs import register_envs

__version__ = "0.1.0"

register_envs()

__all__ = ["__version__", "register_envs"]
