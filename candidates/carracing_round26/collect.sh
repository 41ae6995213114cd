#!/bin/bash
# CarRacing round 26, step 1 (docs/carracing_round26.md): round 24's 1,000 episodes (linked from its run, with their
# encodings) plus 200 real tracks of fast drivers played without noise, the play in which the game punishes pace:
# the shipped controller and the first shipped controller with gas at least 0.3 (the zoo's faster copies), and
# rounds 23 and 24's searched controllers (the dream's choices, carrying their own M). 50 each. Resumable.
# Usage: bash candidates/carracing_round26/collect.sh RUN ROUND23 ROUND24   (from the repo root; their runs)
set -e
R=$1; A=$2; B=$3; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
bash candidates/carracing_round24/link_run.sh $R $B
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 261 --first-index 70000 \
  --policy "zoo:r10 candidate gas 0.3" --weights $P --noise 0
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 262 --first-index 71000 \
  --policy "zoo:controller v1 gas 0.3" --weights $P --noise 0
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 263 --first-index 72000 \
  --controller $A/ship/controller.safetensors --weights $A/ship --noise 0
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 264 --first-index 73000 \
  --controller $B/ship/controller.safetensors --weights $B/ship --noise 0
