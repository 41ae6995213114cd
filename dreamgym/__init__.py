"""dreamgym: learned world models (V + M of Ha & Schmidhuber's "World Models") as Gymnasium environments.

``import dreamgym`` registers every game's dream id (and its real twin when the game is installed), and makes
forked worker processes safe for torch (:mod:`dreamgym.fork_safety`).
"""

from dreamgym import fork_safety
from dreamgym.envs import register_envs

__version__ = "0.1.0"

fork_safety.register()
register_envs()

__all__ = ["__version__", "register_envs"]
