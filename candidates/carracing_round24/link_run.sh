#!/bin/bash
# Rounds 24 to 28's start: link an earlier run's episodes and their encodings into RUN (so only new episodes are
# encoded) and copy its data manifest. Skips what is already there.
# Usage: bash candidates/carracing_round24/link_run.sh RUN SOURCE   (SOURCE: the earlier run)
set -e
R=$1; S=$2
mkdir -p $R/data $R/encoded
for d in data encoded; do
  for f in $S/$d/ep_*.npz; do [ -e $R/$d/$(basename $f) ] || ln -s $(realpath $f) $R/$d/; done
done
[ -f $R/data/manifest.json ] || cp $S/data/manifest.json $R/data/
