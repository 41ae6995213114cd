#!/bin/bash
# CarRacing round 20, step 1 (docs/carracing_round20.md): 200 real episodes of the data driver with the "stop"
# throttle (stands at the start, brakes to a halt and stands, creeps), files 40000.. so they never clash with round
# 18's. Resumable (collect keeps finished episodes; episode i is always the same).
# Usage: bash candidates/carracing_round20/collect.sh RUN   (from the repo root)
set -e
R=$1; export SDL_VIDEODRIVER=dummy
dreamgym collect carracing --out $R/data --episodes 200 --workers 2 --seed 200 --first-index 40000 --throttle stop
