#!/bin/bash
# CarRacing round 16, run G: C searched from a fresh start in run E's pessimistic ensemble dream
# (docs/carracing_round16.md): CMA-ES from zero weights, 60 generations of 64 x 16, sigma0 0.1 (the first round's
# length at the loop's rollouts); the dream's choice; the held-out gate. Needs ensemble.sh's weights. Skips what is
# finished. Usage: bash candidates/carracing_round16/fresh.sh RUN   (from the repo root)
set -e
R=$1; E=$R/ensemble; G=$R/fresh; export SDL_VIDEODRIVER=dummy
[ -f $G/controller/controller_mean_gen60.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $E/weights --ensemble pessimistic --out $G/controller --population 64 --rollouts 16 --generations 60 \
  --sigma0 0.1 --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 16
bash candidates/carracing_round16/gate.sh $E/weights $G/controller $G
python candidates/carracing_round15/paired.py $G/eval/real_2000.json $E/eval/real_2000.json
