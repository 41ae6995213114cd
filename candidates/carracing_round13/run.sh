#!/bin/bash
# Round 13 lever: 40 more CMA-ES generations from round 10's candidate in its own dream (M2), chosen by the dream.
set -e
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
W=/work/runs/cr12/weights2; D=/work/runs/cr14
$DG train controller --env DreamCarRacing-v0 --weights $W --out $D/controller2b --population 64 --rollouts 16 --generations 40 --sigma0 0.05 --init /work/runs/cr12/controller2/controller_mean.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 13
for k in mean best; do
  $DG evaluate DreamCarRacing-v0 --weights $W --controller $D/controller2b/controller_$k.safetensors --episodes 256 --seed 50000 --out $D/controller2b/dream_$k.json
done
