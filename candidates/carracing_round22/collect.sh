#!/bin/bash
# CarRacing round 22, step 1 (docs/carracing_round22.md): 200 real episodes of the data driver with the "creep"
# throttle (a slow creep with the wheel held, so the car leaves the road slowly at corners; half of the episodes
# creep straight from the start), files 50000..; then, as a replay of what round 21's M was trained on (the earlier
# data did not survive the machine change), the first quarter of round 18's data (250 episodes, the same episodes
# by seed and index) and the first 50 of round 20's "stop" episodes. Resumable (collect keeps finished episodes;
# episode i of a source is always the same).
# Usage: bash candidates/carracing_round22/collect.sh RUN   (from the repo root)
set -e
R=$1; export SDL_VIDEODRIVER=dummy
dreamgym collect carracing --out $R/data --episodes 200 --workers 2 --seed 220 --first-index 50000 --throttle creep
bash candidates/carracing_round18/collect.sh $R 1
dreamgym collect carracing --out $R/data --episodes 50 --workers 2 --seed 200 --first-index 40000 --throttle stop
