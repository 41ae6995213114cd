#!/usr/bin/env bash
# Round 12 lever 4: the dream's temperature (zoo v4 fidelity at tau 0.7 and 0.85), M4 and the shipped weights.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
D=/work/runs/cr13
t() { echo "== $(date +%T) $*"; }
cd $D
for tau in 0.7 0.85; do
  t fidelity shipped tau $tau; $DG fidelity carracing --temperature $tau --episodes 20 --seed 1000 --out $D/fid_shipped_tau$tau | tail -3
  for w in weights5; do
    t fidelity $w tau $tau; $DG fidelity carracing --weights $D/$w --temperature $tau --episodes 20 --seed 1000 --out $D/fid_${w}_tau$tau --compare $D/fid_shipped_tau$tau | tail -3
  done
done
t done
