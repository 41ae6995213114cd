#!/bin/bash
# Round 13: PPO in a candidate's dream (one M, tau 1.15; the command), three seeds, each playing its 100 real
# episodes (seeds 1000..1099) with the random policy beside. Usage: bash ppo.sh W OUT   (from the repo root)
set -e
W=$1; OUT=$2; mkdir -p $OUT
export SDL_VIDEODRIVER=dummy
for s in 0 1 2; do
  [ -f $OUT/ppo_s$s.safetensors ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 --seed $s \
    --weights $W --save $OUT/ppo_s$s.safetensors > $OUT/ppo_s$s.log 2>&1
done
