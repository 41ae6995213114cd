#!/bin/bash
# CarRacing round 18, step 1: 1,000 real episodes holding the dashboard's speed (docs/carracing_round18.md), five times
# round 14's 200, from the same four drivers. Collected in four passes of a quarter of each source, so a run cut off
# holds a balanced share; resumable (collect keeps finished episodes; episode i of a source is always the same).
# Usage: bash candidates/carracing_round18/collect.sh RUN [PASSES]   (from the repo root; PASSES default 4)
set -e
R=$1; N=${2:-4}; P=pretrained/carracing; export SDL_VIDEODRIVER=dummy
for k in $(seq 1 $N); do
  # the shipped controller (round 10's, with its own M), action noise 0.1 held 1..5 steps: 400
  dreamgym collect carracing --out $R/data --episodes $((100 * k)) --workers 2 --seed 181 --first-index 0 \
    --controller $P/controller.safetensors --weights $P --noise 0.1 --noise-hold 5
  # the same driver with gas at least 0.3: corners taken too fast: 200
  dreamgym collect carracing --out $R/data --episodes $((50 * k)) --workers 2 --seed 182 --first-index 10000 \
    --policy "zoo:r10 candidate gas 0.3" --weights $P --noise 0.1
  # the first shipped controller with gas at least 0.15: a second driver, a little faster than it drives: 200
  dreamgym collect carracing --out $R/data --episodes $((50 * k)) --workers 2 --seed 183 --first-index 20000 \
    --policy "zoo:controller v1 gas 0.15" --weights $P --noise 0.1 --noise-hold 5
  # the track-following data driver with random throttle: every speed, slow and fast: 200
  dreamgym collect carracing --out $R/data --episodes $((50 * k)) --workers 2 --seed 184 --first-index 30000 \
    --throttle random
done
