#!/bin/bash
# Take Cover round 22, step 6 (docs/takecover_round22.md, rule committed before the run): nine PPO seeds 10..18 by
# the recipe (`--n-epochs 10`) trained in the round-22 M, played through it on the issue's seeds 1000..1099 (next to
# round 18's 701.2 in the shipped M), then both Ms' zoo on the same seeds. Skips what is written.
# Usage: bash candidates/takecover_round22/report.sh RUN   (RUN from run.sh: RUN/weights holds the round-22 V + M)
set -e
R=$1; P=pretrained/takecover
for S in 10 11 12 13 14 15 16 17 18; do
  bash candidates/takecover_round16/train.sh $R/newm_s$S.safetensors $S --n-epochs 10 --weights $R/weights
done
[ -f $R/issue_1000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/issue_1000.json 1000 100 \
  $(for S in 10 11 12 13 14 15 16 17 18; do echo $R/newm_s$S.safetensors; done) --weights $R/weights \
  > $R/issue_1000.log 2>&1
[ -f $R/fid1000_shipped/fidelity.json ] || dreamgym fidelity takecover --weights $P --episodes 100 --seed 1000 \
  --out $R/fid1000_shipped --workers 2
[ -f $R/fid1000_newm/fidelity.json ] || dreamgym fidelity takecover --weights $R/weights --episodes 100 --seed 1000 \
  --out $R/fid1000_newm --workers 2 --compare $R/fid1000_shipped/fidelity.json
cat $R/issue_1000.log
grep -h -E "Spearman|regret" $R/fid1000_shipped/fidelity.md $R/fid1000_newm/fidelity.md
