"""Round 19's diagnosis (docs/carracing_round19.md): how well each M predicts an episode's first steps, where every
dream starts from h = 0, against later steps. Teacher-forced on the held-out episodes of an encoded dataset (the
split ``dreamgym train mdnrnn`` used), it prints the mean absolute error of the predicted speed (the mixture mean of
z's last dimension, the dashboard's speed) and of the reward head, over steps 0..9 and over steps 50..299.

Usage: python candidates/carracing_round19/start_check.py ENCODED SPLIT_SEED MDNRNN.safetensors [...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from dreamgym.training.episodes import list_episodes, read_episode, split_episodes
from dreamgym.weights import load_mdnrnn

START, LATER = slice(0, 10), slice(50, 300)


def errors(path: str, episodes: list[dict[str, np.ndarray]]) -> dict[str, float]:
    """Mean absolute speed and reward errors of one M at the episodes' start and later, teacher-forced."""
    m = load_mdnrnn(path)[0].eval()
    speed, reward = [], []
    for ep in episodes:
        z = torch.from_numpy(ep["mu"][:301].astype(np.float32))[None]
        a = torch.from_numpy(ep["actions"][:300].astype(np.float32))[None]
        with torch.inference_mode():
            out, _ = m(z[:, :-1], a)
        mean = (torch.softmax(out.logits[0, :, -1], -1) * out.mu[0, :, -1]).sum(-1)
        speed.append((mean - z[0, 1:, -1]).abs().numpy())
        reward.append((out.reward[0] - torch.from_numpy(ep["rewards"][:300].astype(np.float32))).abs().numpy())
    s, r = np.mean(speed, 0), np.mean(reward, 0)
    return {
        "speed_start": s[START].mean(),
        "speed_later": s[LATER].mean(),
        "reward_start": r[START].mean(),
        "reward_later": r[LATER].mean(),
    }


def main() -> None:
    encoded, split_seed, paths = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    held = split_episodes(list_episodes(encoded), 0.05, split_seed)[1]
    episodes = [e for e in map(read_episode, held) if len(e["actions"]) >= 300]
    print(f"{len(episodes)} held-out episodes of {encoded} (split seed {split_seed}), teacher-forced")
    print(
        "| M | speed error, steps 0..9 | speed error, steps 50..299 | reward error, steps 0..9 | reward error, 50..299 |"
    )
    print("| --- | --- | --- | --- | --- |")
    for path in paths:
        e = errors(path, episodes)
        print(
            f"| {path} | {e['speed_start']:.3f} | {e['speed_later']:.3f} | {e['reward_start']:.2f} | "
            f"{e['reward_later']:.2f} |"
        )


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
