#!/bin/bash
# The zoo v4 ranking of the shipped dream beside the bundled controller (expected: the shipped 0.834, the dream unchanged).
set -e
export PYTHONPATH=/work/compute9 SDL_VIDEODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
D=/work/runs/cr14
$DG fidelity carracing --weights $D/ship --episodes 20 --seed 1000 --out $D/fid_ship
