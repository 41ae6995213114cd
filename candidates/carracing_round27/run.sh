#!/bin/bash
# CarRacing round 27 (docs/carracing_round27.md, rule committed before the run): round 26's 1,200 episodes (linked
# from its run) and checks; round 26's M fine-tuned 1,000 steps on whole episodes, windows of 1,000 steps that all
# begin at the first step, as every dream runs (seed 27). C only if the speed, still and order checks all pass.
# Usage: bash candidates/carracing_round27/run.sh RUN ROUND26 ROUND23 ROUND24 [PREV HANDOFF SEED]   (from the repo
# root; their runs; PREV: the handoff whose M is fine-tuned, default round 26's; HANDOFF: where the new M goes,
# default round 27's; SEED: default 27; round 28's second step passes its own)
set -e
R=$1; T=$2
bash candidates/carracing_round24/link_run.sh $R $T
bash candidates/carracing_round26/run.sh $R $3 $4 ${5:-candidates/carracing_round26/handoff} \
  ${6:-candidates/carracing_round27/handoff} ${7:-27} "--seq-len 1000 --episode-start 1.0"
