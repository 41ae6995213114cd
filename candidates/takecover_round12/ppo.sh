#!/bin/bash
# Round 12: PPO in the new default dream (one M, tau 1.15), three seeds, each playing its 100 real episodes
# (seeds 1000..1099) with the random policy beside. Run in a directory outside the repo; REPO is a checkout with the
# round-12 weights.
set -e
REPO=${REPO:-/work/main}
export SDL_VIDEODRIVER=dummy
PPO="python $REPO/examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100"
for s in 0 1 2; do
  [ -f ppo_s$s.safetensors ] || $PPO --seed $s --save ppo_s$s.safetensors > ppo_s$s.log 2>&1
done
