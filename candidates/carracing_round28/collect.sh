#!/bin/bash
# CarRacing round 28, step 1 (docs/carracing_round28.md): round 26's 1,200 episodes (linked from its run, with their
# encodings) plus 300 real tracks on which a controller drives, turns the car around once and drives on
# (turnaround.py), often back over track it has already visited: the shipped controller and rounds 23 and 24's
# choices (each acting on its own weights), 100 each, no noise. Resumable.
# Usage: bash candidates/carracing_round28/collect.sh RUN ROUND26 ROUND23 ROUND24   (from the repo root; their runs)
set -e
R=$1; S=$2; A=$3; B=$4; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
bash candidates/carracing_round24/link_run.sh $R $S
T=candidates.carracing_round28.turnaround:policy
i=0
for w in $P $A/ship $B/ship; do
  TURN_CONTROLLER=$w/controller.safetensors dreamgym collect carracing --out $R/data --episodes 100 --workers 2 \
    --seed $((281 + i)) --first-index $((80000 + 1000 * i)) --policy $T --weights $w --noise 0
  i=$((i + 1))
done
