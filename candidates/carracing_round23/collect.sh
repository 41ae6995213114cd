#!/bin/bash
# CarRacing round 23, step 1 (docs/carracing_round23.md): round 22's 500 episodes (linked from its run) plus 200 more
# "creep" episodes (the same source, episodes 200..399) and 150 more "stop" episodes (round 20's source, episodes
# 50..199): 850 episodes. Resumable (collect keeps finished episodes; episode i of a source is always the same).
# Usage: bash candidates/carracing_round23/collect.sh RUN ROUND22   (from the repo root; ROUND22: round 22's run)
set -e
R=$1; T=$2; export SDL_VIDEODRIVER=dummy
mkdir -p $R/data
for f in $T/data/ep_*.npz; do [ -e $R/data/$(basename $f) ] || ln -s $(realpath $f) $R/data/; done
[ -f $R/data/manifest.json ] || cp $T/data/manifest.json $R/data/
dreamgym collect carracing --out $R/data --episodes 400 --workers 2 --seed 220 --first-index 50000 --throttle creep
dreamgym collect carracing --out $R/data --episodes 200 --workers 2 --seed 200 --first-index 40000 --throttle stop
