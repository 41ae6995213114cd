#!/bin/bash
# Take Cover round 24, step 1 (docs/takecover_round24.md): real play of round 23's CMA-ES controllers (the means of
# generations 20..80 and the best candidate, which the round-22 dream overrates), 30 episodes each with action noise
# 0.1, each reading the round-22 M it was searched in. Resumable (collect keeps finished episodes; episode i of a
# source is always the same). Files 2,100,000.. so they never clash with round 22's.
# Usage: bash candidates/takecover_round24/collect.sh RUN ROUND23   (from the repo root; ROUND23: round 23's run)
set -e
R=$1; T=$2; k=0
for c in mean_gen20 mean_gen30 mean_gen40 mean_gen50 mean_gen60 mean_gen70 mean_gen80 best; do
  k=$((k + 1))
  dreamgym collect takecover --out $R/data --workers 2 --episodes 30 --seed $((2400 + k)) \
    --first-index $((2000000 + 100000 * k)) --controller $T/controller/controller_$c.safetensors \
    --weights $T/weights --noise 0.1
done
