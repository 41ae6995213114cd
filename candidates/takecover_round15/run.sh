#!/bin/bash
# Take Cover round 15: PPO at the default dream (tau 1.5) keeping the checkpoint the dream scores highest, fresh seeds
# 6, 7, 8 (docs/takecover_round15.md; rule committed before the runs). Skips seeds already written.
# Usage: bash candidates/takecover_round15/run.sh RUN   (from the repo root)
set -e
R=$1; mkdir -p $R
for S in 6 7 8; do
  [ -f $R/ppo_s$S.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 --seed $S \
    --temperature 1.5 --select-every 100000 --select-episodes 64 --save $R/ppo_s$S.safetensors \
    --out $R/ppo_s$S.json > $R/ppo_s$S.log 2>&1
done
