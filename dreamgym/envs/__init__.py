"""Gymnasium environments: the generic dream env, the game specs and their registration."""

from dreamgym.envs.registration import DREAM_IDS, game_by_name, register_envs
from dreamgym.games import GAMES

__all__ = ["DREAM_IDS", "GAMES", "game_by_name", "register_envs"]
