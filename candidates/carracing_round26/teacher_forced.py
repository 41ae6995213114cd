"""Round 26's diagnostic (docs/carracing_round26.md): what M's reward head pays along real episodes it is fed step by
step from their first frame (teacher-forced, on V's mean latents; training draws z around them), against what the
game paid, per data source, and how much of the excess falls in stretches of 20 steps or more where the game paid no
new tile (the car on visited track or on the grass) and after step 500 (the end of M's training windows that start
at step 0).
Usage: python candidates/carracing_round26/teacher_forced.py MDNRNN ENCODED PREFIX [PREFIX ...]
(PREFIX: the first digits of a source's episode files, e.g. 073 for ep_073*.npz; the first 50 of each)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from dreamgym.weights import load_mdnrnn

EPISODES, STRETCH, WINDOW = 50, 20, 500


def main() -> None:
    m, _ = load_mdnrnn(sys.argv[1])
    m.eval()
    for prefix in sys.argv[3:]:
        excess, tile_less, late, real = [], [], [], []
        for f in sorted(Path(sys.argv[2]).glob(f"ep_{prefix}*.npz"))[:EPISODES]:
            ep = np.load(f)
            with torch.inference_mode():
                out, _ = m(torch.from_numpy(ep["mu"][None]).float(), torch.from_numpy(ep["actions"][None]).float())
            err = out.reward[0].numpy() - ep["rewards"]
            no_tile = np.convolve((ep["rewards"] > 0).astype(float), np.ones(STRETCH), "same") == 0
            excess.append(err.sum())
            tile_less.append(err[no_tile].sum())
            late.append(err[WINDOW:].sum())
            real.append(ep["rewards"].sum())
        print(
            f"ep_{prefix}*: {len(real)} episodes, game {np.mean(real):7.1f}, M pays {np.mean(excess):+6.1f} more "
            f"(+/- {np.std(excess):5.1f}), {np.mean(tile_less):+6.1f} in tile-less stretches, "
            f"{np.mean(late):+6.1f} after step {WINDOW}"
        )


if __name__ == "__main__":
    main()
