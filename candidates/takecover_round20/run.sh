#!/bin/bash
# Take Cover round 20: round 19's pair (10 epochs + gamma 0.995) against 10 epochs alone on six fresh seeds, 13..18
# (docs/takecover_round20.md; rule committed before the runs). The 10-epoch actors of those seeds exist from round
# 18 (report.sh; retrained here by its command when that run directory is gone); the pair's are trained here
# (--episodes 0), then all twelve are played on the held-out seeds 2000..2099 in one loop. Skips what is written.
# Usage: bash candidates/takecover_round20/run.sh RUN ROUND18_RUN
set -e
R=$1; E=$2; mkdir -p $R $E
for S in 13 14 15 16 17 18; do
  [ -f $E/issue_epochs10_s$S.safetensors ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 \
    --episodes 0 --seed $S --temperature 1.5 --n-epochs 10 --save $E/issue_epochs10_s$S.safetensors \
    > $E/issue_epochs10_s$S.log 2>&1
  [ -f $R/both_s$S.safetensors ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 0 \
    --seed $S --temperature 1.5 --n-epochs 10 --gamma 0.995 --save $R/both_s$S.safetensors > $R/both_s$S.log 2>&1
done
[ -f $R/heldout_2000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/heldout_2000.json 2000 100 \
  $(for S in 13 14 15 16 17 18; do echo $E/issue_epochs10_s$S.safetensors; done) \
  $(for S in 13 14 15 16 17 18; do echo $R/both_s$S.safetensors; done) > $R/heldout_2000.log 2>&1
