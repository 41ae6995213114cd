#!/bin/bash
# Take Cover rounds 25 and 26, after the search: the choice among RUN/controller's saved controllers by 100 real
# episodes each on seeds 3000..3099, the held-out gate (seeds 2000..2099 against the shipped controller's 932.1),
# only if it passes the seeds 1000..1099, then each saved controller's dream score (1000 episodes, seeds
# 2000..2999). Skips what is finished.
# Usage: bash candidates/takecover_round25/choose_gate.sh RUN   (from the repo root; RUN/weights holds V, M, latents)
set -e
R=$1
for c in $R/controller/controller_mean_gen*.safetensors $R/controller/controller_best.safetensors; do
  n=$(basename $c .safetensors)
  [ -f $R/eval/choice_$n.json ] || dreamgym evaluate RealTakeCover-v0 --weights $R/weights --controller $c \
    --episodes 100 --seed 3000 --workers 2 --out $R/eval/choice_$n.json
done
C=$(python -c "
import json, pathlib
scores = {p.stem[7:]: json.loads(p.read_text())['mean'] for p in pathlib.Path('$R/eval').glob('choice_controller_*.json')}
print(max(scores, key=scores.get))")
echo "the choice seeds (3000..3099) chose $C"
cp $R/controller/$C.safetensors $R/weights/controller.safetensors
[ -f $R/eval/real_2000.json ] || dreamgym evaluate RealTakeCover-v0 --weights $R/weights --episodes 100 --seed 2000 \
  --workers 2 --out $R/eval/real_2000.json
G=$(python -c "import json; print(json.load(open('$R/eval/real_2000.json'))['mean'] > 932.1)")
echo "gate (seeds 2000..2099, the shipped controller 932.1): $G"
if [ $G = True ]; then
  [ -f $R/eval/real_1000.json ] || dreamgym evaluate RealTakeCover-v0 --weights $R/weights --episodes 100 \
    --seed 1000 --workers 2 --out $R/eval/real_1000.json
  python -c "import json; print('issue seeds 1000..1099:', json.load(open('$R/eval/real_1000.json'))['mean'], 'vs 909.0')"
fi
for c in $R/controller/controller_mean_gen*.safetensors $R/controller/controller_best.safetensors; do
  n=$(basename $c .safetensors)
  [ -f $R/eval/dream_$n.json ] || dreamgym evaluate DreamTakeCover-v0 --weights $R/weights --controller $c \
    --episodes 1000 --seed 2000 --out $R/eval/dream_$n.json
done
