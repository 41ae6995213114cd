"""Round 21's lever (docs/carracing_round21.md): give a widened M's measured dimensions a real mixture.

`candidates/carracing_round14/widen.py` gave M's mixture head a zero block for the speed; a zero block gets the same
gradient in each of its five components, so they stayed identical through every fine-tuning since (rounds 14 to 20):
the speed has been one Gaussian, which cannot say "exactly 0" for a standing car and "0.7" for a moving one at once.
This spreads the components' means by fixed offsets and adds small noise to their rows, so fine-tuning can pull them
apart. Dimensions whose components already differ are left alone.

Usage: python split_speed.py MDNRNN OUT SEED   (writes OUT, an mdnrnn.safetensors)
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

from dreamgym.weights import load_mdnrnn, save_mdnrnn

OFFSETS = (-0.4, -0.2, 0.0, 0.2, 0.4)  # added to the components' mean biases (the speed runs from 0 to about 1.8)
NOISE = 0.01  # std of the noise added to the block's weights, so the components' gradients differ


@torch.no_grad()
def split(path: Path, out: Path, seed: int) -> None:
    """Write ``out``: the M at ``path`` with every collapsed measured dimension's mixture spread."""
    m, meta = load_mdnrnn(path)
    c = m.config
    k = c.mixtures
    if len(OFFSETS) != k:
        raise SystemExit(f"{path}: {k} mixture components, this split is written for {len(OFFSETS)}")
    weight = m.mdn.weight.view(c.z_size, 3 * k, c.hidden_size)
    bias = m.mdn.bias.view(c.z_size, 3 * k)
    g = torch.Generator().manual_seed(seed)
    collapsed = m.collapsed_dims()
    for d in range(c.z_size - c.measured, c.z_size):
        if d not in collapsed:
            print(f"dimension {d}: components already differ, left alone")
            continue
        bias[d, k : 2 * k] += torch.tensor(OFFSETS)
        weight[d] += NOISE * torch.randn(weight[d].shape, generator=g)
        print(f"dimension {d}: five identical components spread by {OFFSETS}, weights + N(0, {NOISE}^2)")
    keep = {key: v for key, v in meta.items() if key in ("game", "game_spec")}
    save_mdnrnn(m, out, keep | {"split_from": str(path)})


if __name__ == "__main__":
    split(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
