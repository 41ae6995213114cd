"""RLlib on Ray: PPO trains in the dream through the native vector env on Ray env runners, then plays the real game.

RLlib pins its own Gymnasium, so this runs in a virtualenv with the `rllib` extra (`.ci/run` makes one); elsewhere
it is skipped.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dreamgym.envs import GAMES
from dreamgym.envs.sources import source_available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not source_available(GAMES["takecover"]), reason="vizdoom not installed"),
]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rllib_ppo_takecover.py"


def _rllib_available() -> bool:
    try:
        from ray.rllib.algorithms.ppo import PPOConfig  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _rllib_available(), reason="RLlib not installed (pip install -e '.[rllib]' in its own venv)")
def test_rllib_ppo_trains_in_the_dream_on_ray_and_plays_the_real_game(tiny_weights: dict[str, Path]) -> None:
    spec = importlib.util.spec_from_file_location("rllib_ppo_takecover", EXAMPLE)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    weights = str(tiny_weights["DreamTakeCover-v0"])
    vector = example.make_dream({"num_envs": 3, "weights": weights})
    assert type(vector.unwrapped).__name__ == "DreamVectorEnv" and vector.num_envs == 3  # the native batch
    vector.close()
    result = example.main(
        ["--iterations", "1", "--env-runners", "1", "--envs-per-runner", "4", "--rollout-length", "16",
         "--episodes", "1", "--weights", weights]
    )  # fmt: skip
    assert result["ppo"] > 0 and result["random"] > 0
