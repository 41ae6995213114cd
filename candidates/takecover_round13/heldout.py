"""Round 13: every M of the round on the same fresh held-out real episodes (none in any M's data).

Usage: ``python heldout.py ENCODED OUT.json M1.safetensors ...`` (members files give one row per member).
Prints held-out NLL per z dimension and done precision/recall per M, and writes them to OUT.json.
"""

import json
import sys
from pathlib import Path

from dreamgym.games import GAMES
from dreamgym.training.episodes import list_episodes
from dreamgym.training.train_mdnrnn import EncodedEpisodes, evaluate_heldout
from dreamgym.weights import MEMBERS_FILE, load_mdnrnn, load_mdnrnn_members

data = EncodedEpisodes(list_episodes(Path(sys.argv[1])), GAMES["takecover"])
results = {}
for path in sys.argv[3:]:
    if Path(path).name == MEMBERS_FILE:
        models = {f"{path} member {k}": m for k, m in enumerate(load_mdnrnn_members(path)[0], 1)}
    else:
        models = {path: load_mdnrnn(path)[0]}
    for name, m in models.items():
        r = evaluate_heldout(m.eval(), data, 500)
        r.pop("nll_per_dim")
        results[name] = r
        print(name, {k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()}, flush=True)
Path(sys.argv[2]).write_text(json.dumps(results, indent=1) + "\n")
