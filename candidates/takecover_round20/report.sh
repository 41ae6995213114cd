#!/bin/bash
# Take Cover round 20, only if the rule adopts the pair (docs/takecover_round20.md): all nine of its actors (seeds
# 10..12 from round 19, retrained by its command when that run directory is gone; 13..18 from this round) on the
# issue's seeds 1000..1099 in one loop, as round 18 reported.
# Usage: bash candidates/takecover_round20/report.sh RUN ROUND19_RUN
set -e
R=$1; P=$2; mkdir -p $P
for S in 10 11 12; do
  bash candidates/takecover_round16/train.sh $P/both_s$S.safetensors $S --n-epochs 10 --gamma 0.995
done
[ -f $R/both_1000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/both_1000.json 1000 100 \
  $P/both_s10.safetensors $P/both_s11.safetensors $P/both_s12.safetensors \
  $(for S in 13 14 15 16 17 18; do echo $R/both_s$S.safetensors; done) > $R/both_1000.log 2>&1
