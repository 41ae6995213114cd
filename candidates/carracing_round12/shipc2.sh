#!/usr/bin/env bash
# Round 12 lever 5: round 10's candidate controller reading the shipped M's h (shipped V, M, initial latents): the
# default dream, and so the zoo ranking, stay the shipped ones. Dream score, then the gate, then the tracks.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
D=/work/runs/cr13
t() { echo "== $(date +%T) $*"; }
cd $D
t dream;     $DG evaluate DreamCarRacing-v0 --weights $D/shipc2 --episodes 256 --seed 50000 --out $D/shipc2_dream.json | tail -1
t gate;      $DG evaluate RealCarRacing-v0 --weights $D/shipc2 --episodes 100 --seed 2000 --workers 2 --out $D/shipc2_real_s2000.json | tail -1
t real 1000; $DG evaluate RealCarRacing-v0 --weights $D/shipc2 --episodes 100 --seed 1000 --workers 2 --out $D/shipc2_real_s1000.json | tail -1
t done
