#!/bin/bash
# Take Cover round 18: PPO's update settings, one at a time, against round 16's 64x64 actors (docs/takecover_round18.md;
# rule committed before the runs): 10 epochs per rollout instead of 4, or gamma 0.995 instead of 0.99. Seeds 10, 11,
# 12, 1 M dream steps at tau 1.5, real play on held-out seeds 2000..2099. Skips runs already written.
# Usage: bash candidates/takecover_round18/run.sh RUN
set -e
R=$1; mkdir -p $R
for S in 10 11 12; do
  for A in epochs10 gamma995; do
    if [ $A = epochs10 ]; then X="--n-epochs 10"; else X="--gamma 0.995"; fi
    [ -f $R/${A}_s$S.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 --seed $S \
      --temperature 1.5 --eval-seed 2000 $X --save $R/${A}_s$S.safetensors --out $R/${A}_s$S.json \
      > $R/${A}_s$S.log 2>&1
  done
done
