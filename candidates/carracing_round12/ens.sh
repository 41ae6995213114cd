#!/usr/bin/env bash
# Round 12 lever 2: ensembles of the round-10 lineage's M (M4 first, M3, M2; B adds the shipped M), judged on zoo v4 in
# the ensemble modes episode and pessimistic.
set -euo pipefail
export PYTHONPATH=/work/compute8 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
DG="/work/main/.venv/bin/python -m dreamgym.cli"
P=/work/main/pretrained/carracing
O=/work/runs/cr12
D=/work/runs/cr13
t() { echo "== $(date +%T) $*"; }
cd $D
for e in ensA ensB; do mkdir -p $e && cp weights4/*.safetensors $e/; done
$DG ensemble $D/ensA --members $O/mdnrnn3/mdnrnn.safetensors,$O/mdnrnn2/mdnrnn.safetensors
$DG ensemble $D/ensB --members $O/mdnrnn3/mdnrnn.safetensors,$O/mdnrnn2/mdnrnn.safetensors,$P/mdnrnn.safetensors
for e in ensA ensB; do for mode in pessimistic episode; do
  t fidelity $e $mode; $DG fidelity carracing --weights $D/$e --ensemble $mode --episodes 20 --seed 1000 --out $D/fid_${e}_$mode --compare /work/main/runs/fidelity/carracing | tail -4
done; done
t done
