#!/bin/bash
# Rule fixed before any real episode: among the saved CMA-ES means (gen 10..60) and the best candidate, pick the one
# with the highest mean over 1000 episodes of the ensemble dream (one member per episode, seeds 2000..2999, tau 1.15).
# Gate: the pick and the shipped controller over 100 real episodes, seeds 2000..2099; the pick ships only if it
# beats the shipped one there (and, the issue's floor, does not fall below 909.0 on seeds 1000..1099).
set -e
export PYTHONPATH=/work/compute1 SDL_VIDEODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
W=/work/compute1/pretrained/takecover
mkdir -p eval
for c in c_episode/controller_mean_gen*.safetensors c_episode/controller_best.safetensors; do
  n=$(basename $c .safetensors)
  [ -f eval/dream_$n.json ] || $DG evaluate DreamTakeCover-v0 --weights $W --controller $c --episodes 1000 --seed 2000 \
    --env-kwargs '{"ensemble": "episode"}' --out eval/dream_$n.json
done
PICK=$(/work/main/.venv/bin/python - <<'PY'
import json, glob
r = {f.split("dream_")[1][:-5]: json.load(open(f))["mean"] for f in glob.glob("eval/dream_controller_*.json")}
for k, v in sorted(r.items(), key=lambda kv: kv[1]): print(k, round(v, 1), file=__import__("sys").stderr)
print(max(r, key=r.get))
PY
)
echo "pick: $PICK" | tee pick.txt
[ -f eval/real_2000_shipped.json ] || $DG evaluate RealTakeCover-v0 --weights $W --episodes 100 --seed 2000 --workers 2 --out eval/real_2000_shipped.json
[ -f eval/real_2000_pick.json ] || $DG evaluate RealTakeCover-v0 --weights $W --controller c_episode/$PICK.safetensors --episodes 100 --seed 2000 --workers 2 --out eval/real_2000_pick.json
[ -f eval/real_1000_pick.json ] || $DG evaluate RealTakeCover-v0 --weights $W --controller c_episode/$PICK.safetensors --episodes 100 --seed 1000 --workers 2 --out eval/real_1000_pick.json
