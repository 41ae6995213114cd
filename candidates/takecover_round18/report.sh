#!/bin/bash
# Take Cover round 18, after the rule adopted an arm (docs/takecover_round18.md): six more fresh seeds (13..18) by
# the issue's command with that arm's setting (trained only; --episodes 0), then all nine actors (10..18) on the
# issue's seeds 1000..1099 in one loop. Skips what is written.
# Usage: bash candidates/takecover_round18/report.sh RUN ARM   (ARM: epochs10 or gamma995)
set -e
R=$1; A=$2
if [ $A = epochs10 ]; then X="--n-epochs 10"; else X="--gamma 0.995"; fi
for S in 13 14 15 16 17 18; do
  [ -f $R/issue_${A}_s$S.safetensors ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 0 \
    --seed $S --temperature 1.5 $X --save $R/issue_${A}_s$S.safetensors > $R/issue_${A}_s$S.log 2>&1
done
[ -f $R/${A}_1000.json ] || python candidates/takecover_round16/play.py $R/${A}_1000.json 1000 100 \
  $R/${A}_s10.safetensors $R/${A}_s11.safetensors $R/${A}_s12.safetensors \
  $(for S in 13 14 15 16 17 18; do echo $R/issue_${A}_s$S.safetensors; done) > $R/${A}_1000.log 2>&1
