"""Give a trained M and its controller the measured speed as one more input, changing nothing they do yet.

M's LSTM gets a zero input column for the speed (between z and the action) and its mixture head a new output block
for it (zero weights: a standard normal until fine-tuning teaches it); the controller gets a zero weight for it. So
the widened pair plays exactly as the pair it came from until M is fine-tuned on data that holds the speed.
Flaw found in round 20: the zero block's five mixture components get identical gradients and never come apart, so
the speed is one Gaussian; `candidates/carracing_round21/split_speed.py` spreads them (kept as is: rounds 14-20 ran it).
Usage: python widen.py MDNRNN CONTROLLER OUT   (writes OUT/mdnrnn.safetensors and OUT/controller.safetensors)
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import torch

from dreamgym.models import MDNRNN, LinearController
from dreamgym.weights import load_controller, load_mdnrnn, save_controller, save_mdnrnn


@torch.no_grad()
def widen_mdnrnn(m: MDNRNN) -> MDNRNN:
    """``m`` reading and predicting one measurement after z (``measured`` + 1)."""
    c = m.config
    wide = MDNRNN(dataclasses.replace(c, z_size=c.z_size + 1, measured=c.measured + 1))
    state = {k: v.clone() for k, v in m.state_dict().items()}
    w_ih = state["lstm.weight_ih_l0"]
    zero = torch.zeros(w_ih.shape[0], 1)
    state["lstm.weight_ih_l0"] = torch.cat([w_ih[:, : c.z_size], zero, w_ih[:, c.z_size :]], dim=1)
    block = 3 * c.mixtures  # the mixture head's rows come in one block per z dimension
    state["mdn.weight"] = torch.cat([state["mdn.weight"], torch.zeros(block, c.hidden_size)])
    state["mdn.bias"] = torch.cat([state["mdn.bias"], torch.zeros(block)])
    wide.load_state_dict(state)
    return wide


@torch.no_grad()
def widen_controller(c: LinearController, z_size: int) -> LinearController:
    """``c`` with a zero weight for a measurement inserted after its first ``z_size`` inputs."""
    wide = LinearController(dataclasses.replace(c.config, input_size=c.config.input_size + 1))
    w = c.weight
    wide.weight.copy_(torch.cat([w[:, :z_size], torch.zeros(w.shape[0], 1), w[:, z_size:]], dim=1))
    if c.bias is not None:
        wide.bias.copy_(c.bias)
    return wide


def main() -> None:
    m_path, c_path, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    m, m_meta = load_mdnrnn(m_path)
    c, c_meta = load_controller(c_path)
    if not isinstance(c, LinearController):
        raise SystemExit(f"{c_path} carries its own M: widen the plain controller")
    keep = {k: v for k, v in m_meta.items() if k in ("game", "game_spec")}
    save_mdnrnn(widen_mdnrnn(m), out / "mdnrnn.safetensors", keep | {"widened_from": str(m_path)})
    extra = {k: v for k, v in c_meta.items() if k not in ("config", "format_version")}
    save_controller(widen_controller(c, m.config.z_size), out / "controller.safetensors", extra)
    print(f"wrote {out}: {m_path} and {c_path} reading the speed after z (zero weights)")


if __name__ == "__main__":
    main()
