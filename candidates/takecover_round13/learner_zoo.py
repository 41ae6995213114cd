"""Round 13: a zoo of learner-found policies none of the M's data held: the PPO actors trained in each dream.

Each actor carries the M it was trained in (``memory``), so it plays the real game the same whatever M is judged.
Only learners: no probe pads the ranking with easy pairs. Seed 0 in the round-6 dream is the fidelity zoo's
``ppo 1M``. Usage: ``python learner_zoo.py RUN A OUT`` (from the repo root; the actors of ``ppo.sh`` and
``ppo_confirm.sh`` in RUN/ppo_round6 and RUN/ppo_soupA), then
``dreamgym fidelity takecover --zoo OUT --weights W --episodes 100 --seed 1000`` for each W.
"""

import json
import shutil
import sys
from pathlib import Path

src = Path("pretrained/takecover")
run, a, out = Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
shutil.copy(src / "zoo" / "mdnrnn_round6.safetensors", out / "mdnrnn_round6.safetensors")
shutil.copy(run / f"soup{a:g}" / "mdnrnn.safetensors", out / f"mdnrnn_soup{a:g}.safetensors")
actors = [("round6", "s0", src / "zoo" / "ppo_1m.safetensors")]
for dream in ("round6", f"soup{a:g}"):
    actors += [
        (dream, f.stem.removeprefix("ppo_"), f) for f in sorted((run / f"ppo_{dream}").glob("ppo_s*.safetensors"))
    ]
memory = {"round6": "mdnrnn_round6.safetensors", f"soup{a:g}": f"mdnrnn_soup{a:g}.safetensors"}
policies = []
for dream, seed, actor in actors:
    file = f"ppo_{dream}_{seed}.safetensors"
    shutil.copy(actor, out / file)
    note = f"PPO, 1M steps in the {dream} dream (candidates/takecover_round13)"
    policies.append({"name": f"ppo {dream} {seed}", "file": file, "memory": memory[dream], "note": note})
shipped = json.loads((src / "zoo" / "zoo.json").read_text())
zoo = {
    "format_version": shipped["format_version"],
    "game": "takecover",
    "zoo_version": 1,
    "vision": shipped["vision"],
    "description": "Round 13 learner zoo: PPO actors trained in the round-6 and the soup's dreams, each with its M",
    "policies": policies,
}
(out / "zoo.json").write_text(json.dumps(zoo, indent=1) + "\n")
print(out, len(policies), "policies")
