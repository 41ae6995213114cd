#!/bin/bash
# Take Cover round 23 (docs/takecover_round23.md, rule committed before the run): CMA-ES from zero in the default
# dream (the round-22 M, tau 1.5) with round 9's budget, the dream's choice among the saved controllers over 1000
# dream episodes (seeds 2000..2999), the held-out gate (100 real episodes, seeds 2000..2099, against the shipped
# controller's 932.1 there), and only if it passes the seeds 1000..1099. Skips what is finished; the
# CMA-ES run resumes from its checkpoint.
# Usage: bash candidates/takecover_round23/run.sh RUN [WEIGHTS]   (from the repo root; WEIGHTS: the V, M and initial
# latents to search in, default the shipped ones; round 24 passes its M's)
set -e
R=$1; P=${2:-pretrained/takecover}
mkdir -p $R/weights $R/eval
cp $P/vae.safetensors $P/mdnrnn.safetensors $P/initial_latents.safetensors $R/weights/
[ -f $R/controller/controller_mean_gen80.safetensors ] || dreamgym train controller --env DreamTakeCover-v0 \
  --weights $R/weights --out $R/controller --generations 80 --population 64 --rollouts 16 --keep-every 10 \
  --temperature 1.5 --seed 23
for c in $R/controller/controller_mean_gen*.safetensors $R/controller/controller_best.safetensors; do
  n=$(basename $c .safetensors)
  [ -f $R/eval/dream_$n.json ] || dreamgym evaluate DreamTakeCover-v0 --weights $R/weights --controller $c \
    --episodes 1000 --seed 2000 --out $R/eval/dream_$n.json
done
C=$(python -c "
import json, pathlib
scores = {p.stem[6:]: json.loads(p.read_text())['mean'] for p in pathlib.Path('$R/eval').glob('dream_controller_*.json')}
print(max(scores, key=scores.get))")
echo "the dream chose $C"
cp $R/controller/$C.safetensors $R/weights/controller.safetensors
[ -f $R/eval/real_2000.json ] || dreamgym evaluate RealTakeCover-v0 --weights $R/weights --episodes 100 --seed 2000 \
  --workers 2 --out $R/eval/real_2000.json
G=$(python -c "import json; print(json.load(open('$R/eval/real_2000.json'))['mean'] > 932.1)")
echo "gate (seeds 2000..2099, the shipped controller 932.1): $G"
[ $G = True ] || exit 0
[ -f $R/eval/real_1000.json ] || dreamgym evaluate RealTakeCover-v0 --weights $R/weights --episodes 100 --seed 1000 \
  --workers 2 --out $R/eval/real_1000.json
python -c "import json; print('issue seeds 1000..1099:', json.load(open('$R/eval/real_1000.json'))['mean'], 'vs 909.0')"
