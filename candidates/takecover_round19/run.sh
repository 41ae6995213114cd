#!/bin/bash
# Take Cover round 19: PPO with both of round 18's settings (10 epochs and gamma 0.995) against round 18's 10 epochs
# alone (docs/takecover_round19.md; rule committed before the runs). Seeds 10, 11, 12, 1 M dream steps at tau 1.5,
# real play on held-out seeds 2000..2099. Skips runs already written. Usage: bash candidates/takecover_round19/run.sh RUN
set -e
R=$1; mkdir -p $R
for S in 10 11 12; do
  [ -f $R/both_s$S.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 --seed $S \
    --temperature 1.5 --eval-seed 2000 --n-epochs 10 --gamma 0.995 --save $R/both_s$S.safetensors \
    --out $R/both_s$S.json > $R/both_s$S.log 2>&1
done
