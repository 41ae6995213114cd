#!/bin/bash
# Take Cover round 20: round 19's pair (10 epochs + gamma 0.995) against 10 epochs alone on six fresh seeds, 13..18
# (docs/takecover_round20.md; rule committed before the runs). The 10-epoch actors of those seeds exist from round
# 18 (report.sh; retrained here by its command when that run directory is gone); the pair's are trained here
# (--episodes 0), then all twelve are played on the held-out seeds 2000..2099 in one loop. Skips what is written.
# Usage: bash candidates/takecover_round20/run.sh RUN ROUND18_RUN
set -e
R=$1; E=$2; mkdir -p $R $E
for S in 13 14 15 16 17 18; do
  bash candidates/takecover_round16/train.sh $E/issue_epochs10_s$S.safetensors $S --n-epochs 10
  bash candidates/takecover_round16/train.sh $R/both_s$S.safetensors $S --n-epochs 10 --gamma 0.995
done
[ -f $R/heldout_2000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/heldout_2000.json 2000 100 \
  $(for S in 13 14 15 16 17 18; do echo $E/issue_epochs10_s$S.safetensors; done) \
  $(for S in 13 14 15 16 17 18; do echo $R/both_s$S.safetensors; done) > $R/heldout_2000.log 2>&1
