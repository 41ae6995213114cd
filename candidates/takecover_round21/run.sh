#!/bin/bash
# Take Cover round 21: PPO's minibatch of 256 steps (4x the gradient steps per rollout) on top of the recipe round
# 20's rule left, against that recipe alone, on six fresh seeds 19..24 (docs/takecover_round21.md; rule committed
# before the runs). Both arms trained here (--episodes 0), then all twelve played on the held-out seeds 2000..2099 in
# one loop. Skips what is written.
# Usage: bash candidates/takecover_round21/run.sh RUN "RECIPE FLAGS"   (e.g. "--n-epochs 10")
set -e
R=$1; B=$2; mkdir -p $R
for S in 19 20 21 22 23 24; do
  for A in base batch256; do
    X=""; [ $A = batch256 ] && X="--batch-size 256"
    bash candidates/takecover_round16/train.sh $R/${A}_s$S.safetensors $S $B $X
  done
done
[ -f $R/heldout_2000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/heldout_2000.json 2000 100 \
  $(for S in 19 20 21 22 23 24; do echo $R/base_s$S.safetensors; done) \
  $(for S in 19 20 21 22 23 24; do echo $R/batch256_s$S.safetensors; done) > $R/heldout_2000.log 2>&1
