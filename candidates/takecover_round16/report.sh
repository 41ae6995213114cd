#!/bin/bash
# Take Cover round 16, after the rule adopted the linear actor: its three chosen-on-held-out actors on the issue's
# seeds 1000..1099, then six more fresh seeds (13..18) by the issue's command with a linear actor, played on the
# issue's seeds, for a nine-seed record beside the MLP's. Skips what is written. Usage: bash report.sh RUN
set -e
R=$1
[ -f $R/linear_1000.json ] || python candidates/takecover_round16/play.py $R/linear_1000.json 1000 100 \
  $R/linear_s10.safetensors $R/linear_s11.safetensors $R/linear_s12.safetensors > $R/linear_1000.log 2>&1
for S in 13 14 15 16 17 18; do
  [ -f $R/issue_linear_s$S.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 \
    --seed $S --temperature 1.5 --actor-hidden "" --save $R/issue_linear_s$S.safetensors \
    --out $R/issue_linear_s$S.json > $R/issue_linear_s$S.log 2>&1
done
