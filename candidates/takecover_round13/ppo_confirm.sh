#!/bin/bash
# Round 13, confirmation (rule in docs/takecover_round13.md, written before it ran): PPO on fresh seeds 3, 4, 5 in
# the shipped round-6 dream and in the soup's, alternating so that a cut-off run stays balanced; skips finished runs.
# Usage: bash candidates/takecover_round13/ppo_confirm.sh RUN A   (from the repo root; the soup in RUN/soupA)
set -e
R=$1; A=$2; export SDL_VIDEODRIVER=dummy
for s in 3 4 5; do
  for w in round6 soup$A; do
    W=$R/soup$A; [ $w = round6 ] && W=pretrained/takecover
    O=$R/ppo_$w; mkdir -p $O
    [ -f $O/ppo_s$s.safetensors ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 \
      --seed $s --weights $W --save $O/ppo_s$s.safetensors > $O/ppo_s$s.log 2>&1
  done
done
