#!/bin/bash
# Take Cover round 21, only if the rule adopts the minibatch of 256 (docs/takecover_round21.md): three more seeds
# (25..27) by the same command, then its nine actors (19..27) on the seeds 1000..1099 in one loop. Actors of
# seeds 19..24 missing (a run directory lost with a machine) are retrained by run.sh's command.
# Usage: bash candidates/takecover_round21/report.sh RUN "RECIPE FLAGS"
set -e
R=$1; B=$2
for S in 19 20 21 22 23 24 25 26 27; do
  bash candidates/takecover_round16/train.sh $R/batch256_s$S.safetensors $S $B --batch-size 256
done
[ -f $R/batch256_1000.json ] || python candidates/takecover_round16/play.py --workers 2 $R/batch256_1000.json 1000 100 \
  $(for S in 19 20 21 22 23 24 25 26 27; do echo $R/batch256_s$S.safetensors; done) > $R/batch256_1000.log 2>&1
