"""Round 13: M as a weight average ("model soup") of the shipped round-6 M and its fine-tuned members.

Every member was fine-tuned from the round-6 M, so they share one basin: ``(1 - a) * round6 + a * mean(members)``
moves part way towards what the new data taught them. Writes ``OUT/soupA`` weight directories (V, latents and
controller as shipped, the soup as the default M, float32). Usage: ``python soup.py OUT 0.25 0.5 1.0`` from the repo root.
"""

import shutil
import sys
from pathlib import Path

import torch

from dreamgym.weights import MDNRNN_FILE, MEMBERS_FILE, load_mdnrnn, load_mdnrnn_members, save_mdnrnn

src = Path("pretrained/takecover")
out = Path(sys.argv[1])
base, _ = load_mdnrnn(src / MDNRNN_FILE)
start = {k: v.float().clone() for k, v in base.state_dict().items()}
members, _ = load_mdnrnn_members(src / MEMBERS_FILE)
states = [m.state_dict() for m in members]
mean = {k: torch.stack([s[k].float() for s in states]).mean(0) for k in states[0]}
for a in (float(x) for x in sys.argv[2:]):
    d = out / f"soup{a:g}"
    d.mkdir(parents=True, exist_ok=True)
    for f in ("vae.safetensors", "initial_latents.safetensors", "controller.safetensors"):
        shutil.copy(src / f, d / f)
    base.load_state_dict({k: (1 - a) * v + a * mean[k] for k, v in start.items()})
    save_mdnrnn(base, d / MDNRNN_FILE, {"source": f"(1 - {a:g}) * round-6 M + {a:g} * mean of the 3 members"})
    print(d)
