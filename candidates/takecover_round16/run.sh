#!/bin/bash
# Take Cover round 16: PPO with a linear actor (the paper's controller class) against the usual 64x64 actor, in the
# default dream (tau 1.5), fresh seeds 10, 11, 12, real play on held-out seeds 2000..2099 (docs/takecover_round16.md;
# rule committed before the runs). Skips runs already written. Usage: bash candidates/takecover_round16/run.sh RUN
set -e
R=$1; mkdir -p $R
for S in 10 11 12; do
  for A in linear mlp; do
    if [ $A = linear ]; then H=""; else H="64,64"; fi
    [ -f $R/${A}_s$S.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 --seed $S \
      --temperature 1.5 --eval-seed 2000 --actor-hidden "$H" --save $R/${A}_s$S.safetensors \
      --out $R/${A}_s$S.json > $R/${A}_s$S.log 2>&1
  done
done
