#!/bin/bash
# CarRacing round 24, step 1 (docs/carracing_round24.md): a loop turn. Round 23's 850 episodes (linked from its run,
# with their encodings, so only the new episodes are encoded) plus 150 real tracks driven by round 23's searched
# controller (the dream's choice, carrying round 23's M): 100 with action noise 0.1 held 1..5 steps, 50 with its
# parameters perturbed per episode (std 0.05, CMA-ES's sigma0) and action noise 0.05. Resumable.
# Usage: bash candidates/carracing_round24/collect.sh RUN ROUND23   (from the repo root; ROUND23: round 23's run)
set -e
R=$1; T=$2; export SDL_VIDEODRIVER=dummy
bash candidates/carracing_round24/link_run.sh $R $T
C=$T/ship/controller.safetensors
dreamgym collect carracing --out $R/data --episodes 100 --workers 2 --seed 241 --first-index 60000 \
  --controller $C --weights $T/ship --noise 0.1 --noise-hold 5
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 242 --first-index 61000 \
  --controller $C --weights $T/ship --noise 0.05 --param-noise 0.05
