#!/bin/bash
# Rounds 18 and 19's common tail, after their check passed: CMA-ES from INIT in RUN/weights' dream (30 generations of
# 64 x 16, sigma0 0.05), the dream's choice between mean and best over 256 dream episodes (seed 50000), bundled with
# RUN's M as its memory, the held-out gate (100 real tracks, seeds 2000..2099). Skips what is finished.
# Usage: bash candidates/carracing_round18/search_gate.sh RUN INIT SEED   (from the repo root)
set -e
R=$1; I=$2; S=$3; export SDL_VIDEODRIVER=dummy
[ -f $R/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $R/weights --out $R/controller --population 64 --rollouts 16 --generations 30 --sigma0 0.05 \
  --init $I --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed $S
mkdir -p $R/eval $R/ship
for c in mean best; do
  [ -f $R/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $R/weights \
    --controller $R/controller/controller_$c.safetensors --episodes 256 --seed 50000 --out $R/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $R/eval/dream_mean.json $R/eval/dream_best.json)
echo "the dream chose the CMA-ES $C"
cp $R/weights/vae.safetensors $R/weights/mdnrnn.safetensors $R/weights/initial_latents.safetensors $R/ship/
[ -f $R/ship/controller.safetensors ] || dreamgym bundle $R/controller/controller_$C.safetensors \
  --memory $R/mdnrnn/mdnrnn.safetensors --out $R/ship/controller.safetensors
[ -f $R/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $R/ship --episodes 100 --seed 2000 \
  --workers 2 --out $R/eval/real_2000.json
python -c "import json; print('gate (seeds 2000..2099):', json.load(open('$R/eval/real_2000.json'))['mean'], 'vs 853.6')"
