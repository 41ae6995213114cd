#!/bin/bash
# One PPO actor by the command (1 M dream steps at tau 1.5, no real episodes) saved to OUT, its log beside
# it; skipped when OUT exists. Shared by rounds 20 and 21.
# Usage: bash candidates/takecover_round16/train.sh OUT.safetensors SEED [PPO FLAGS...]
set -e
OUT=$1; S=$2; shift 2
[ -f $OUT ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 0 --seed $S --temperature 1.5 \
  "$@" --save $OUT > ${OUT%.safetensors}.log 2>&1
