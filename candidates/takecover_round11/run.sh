#!/bin/bash
# Issue 15 lever: CMA-ES from zero in the ensemble dream (one member of M per episode), shipped weights' V/M/members.
set -e
export PYTHONPATH=/work/compute1 SDL_VIDEODRIVER=dummy
PY=/work/main/.venv/bin/python
W=/work/compute1/pretrained/takecover
$PY -m dreamgym.cli train controller --env DreamTakeCover-v0 --weights $W --out c_episode --ensemble episode \
  --generations 60 --population 64 --rollouts 16 --keep-every 10 --eval-every 1000 --seed 22
