"""Round 12: write each ensemble member of the shipped TC weights as its own weight directory (member k's M alone, float32).

Usage: ``python split_members.py OUT`` from the repo root, on the round-11 weights (before ship.sh replaces them)."""

import shutil
import sys
from pathlib import Path

import torch

from dreamgym.weights import MDNRNN_FILE, MEMBERS_FILE, load_mdnrnn_members, save_mdnrnn

src = Path("pretrained/takecover")
out = Path(sys.argv[1])
members, meta = load_mdnrnn_members(src / MEMBERS_FILE)
for k, m in enumerate(members, start=1):
    d = out / f"member{k}"
    d.mkdir(parents=True, exist_ok=True)
    for f in ("vae.safetensors", "initial_latents.safetensors", "controller.safetensors"):
        shutil.copy(src / f, d / f)
    source = meta["sources"][k - 1]
    extra = {"train": source["train"], "heldout": source["heldout"], "source": f"member {k} of {src}/{MEMBERS_FILE}"}
    save_mdnrnn(m.to(torch.float32), d / MDNRNN_FILE, extra)
    print(d)
