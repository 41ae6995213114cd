#!/usr/bin/env bash
# Round 10 candidate (weights2 + controller2 mean): the 100 tracks (seeds 1000..1099), then the zoo's ranking on its dream.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
D=/work/runs/cr12
t() { echo "== $(date +%T) $*"; }
t real 1000;  $DG evaluate RealCarRacing-v0 --weights $D/weights2 --episodes 100 --seed 1000 --workers 2 --out $D/controller2/real_s1000.json
t fidelity;   $DG fidelity carracing --weights $D/weights2 --episodes 20 --seed 1000 --out $D/fid2
t done
