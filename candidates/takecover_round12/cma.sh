#!/bin/bash
# Round 12: CMA-ES from zero in the new default dream, then the dream's pick among the kept means and the best
# candidate (1000 dream episodes each, seeds 2000..2999), and the pick's gate on held-out real seeds 2000..2099.
# Usage: bash candidates/takecover_round12/cma.sh RUN_DIR   (from the repo root, on the round-12 weights)
set -e
D=$1; DG="python -m dreamgym.cli"; export SDL_VIDEODRIVER=dummy
$DG train controller --env DreamTakeCover-v0 --out $D/c --generations 40 --population 64 --rollouts 16 --keep-every 10 --seed 23
mkdir -p $D/pick
for c in $D/c/controller_mean_gen*.safetensors $D/c/controller_best.safetensors; do
  n=$(basename $c .safetensors)
  [ -f $D/pick/$n.json ] || $DG evaluate DreamTakeCover-v0 --controller $c --episodes 1000 --seed 2000 --out $D/pick/$n.json
done
PICK=$(python -c "
import json, pathlib
r = {p.stem: json.loads(p.read_text())['mean'] for p in pathlib.Path('$D/pick').glob('controller_*.json')}
print(max(r, key=r.get))")
echo "dream's pick: $PICK"
$DG evaluate RealTakeCover-v0 --controller $D/c/$PICK.safetensors --episodes 100 --seed 2000 --workers 2 --out $D/gate_$PICK.json
