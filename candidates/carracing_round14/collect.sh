#!/bin/bash
# CarRacing round 14, step 1: 200 real episodes that record the dashboard's speed beside every frame
# (docs/carracing_round14.md). Resumable: collect keeps finished episodes. Usage: bash collect.sh RUN (repo root).
set -e
R=$1; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
# the shipped controller (round 10's, with its own M) with action noise held 1..5 steps
dreamgym collect carracing --out $R/data --episodes 100 --workers 2 --seed 141 --first-index 0 \
  --controller $P/controller.safetensors --weights $P --noise 0.1 --noise-hold 5
# the same driver pushed faster (gas at least 0.3): corners taken too fast, which the speed must explain
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 142 --first-index 1000 \
  --policy "zoo:r10 candidate gas 0.3" --weights $P --noise 0.1
# the track-following data driver with random throttle: every speed, slow and fast
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 143 --first-index 2000 --throttle random
