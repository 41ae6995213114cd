#!/bin/bash
# Take Cover round 26 (docs/takecover_round26.md, rule committed before the run): round 25 with one change, a
# controller with a hidden layer of 8 tanh units (`train controller --hidden 8`) instead of the paper's linear C.
# CMA-ES from zero in round 24's dream, the same budget and seed; the choice among its saved controllers by 100 real
# episodes each on seeds 3000..3099; the held-out gate (seeds 2000..2099 against the shipped controller's 932.1),
# and only if it passes the seeds 1000..1099; then each saved controller's dream score (1000 episodes, seeds
# 2000..2999). Skips what is finished; the CMA-ES run resumes from its checkpoint, and from the files committed in
# handoff/ when RUN has none.
# Usage: bash candidates/takecover_round26/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/takecover; H=candidates/takecover_round24/handoff
mkdir -p $R/weights $R/eval
cp $P/vae.safetensors $P/initial_latents.safetensors $H/mdnrnn.safetensors $R/weights/
D=candidates/takecover_round26/handoff
if [ -f $D/cma_state.safetensors ] && [ ! -d $R/controller ]; then
  mkdir -p $R/controller && cp $D/* $R/controller/
fi
[ -f $R/controller/controller_mean_gen80.safetensors ] || dreamgym train controller --env DreamTakeCover-v0 \
  --weights $R/weights --out $R/controller --generations 80 --population 64 --rollouts 16 --keep-every 10 \
  --temperature 1.5 --seed 25 --hidden 8
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
