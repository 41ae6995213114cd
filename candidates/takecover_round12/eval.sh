#!/bin/bash
# Round 12: the card's dream scores, the zoo's ranking and both ensemble modes on the new weights (W); real
# returns of the zoo come from its cache (every file policy carries its M; the probes are blind).
# Usage: bash candidates/takecover_round12/eval.sh W EVAL_DIR   (run from the repo root)
set -e
W=$1; E=$2; DG="python -m dreamgym.cli"; mkdir -p $E
ev() { $DG evaluate DreamTakeCover-v0 --weights $W --episodes 100 --seed 1000 "$@"; }
ev --controller random --temperature 1.0 --out $E/dream_random_tau1.0.json
ev --controller random --temperature 1.15 --out $E/dream_random_tau1.15.json
ev --controller random --termination sample --out $E/dream_random_sample.json
for k in 0 1 2; do ev --controller constant:$k --out $E/dream_constant_$k.json; done
ev --controller weights --out $E/dream_controller.json
$DG evaluate RealTakeCover-v0 --weights $W --episodes 20 --seed 1000 --workers 2 --out $E/real_controller_20.json   # vs the zoo cache of the same policy
$DG fidelity takecover --weights $W --episodes 100 --seed 1000 --out $E/fid_off --card $W
for mode in episode pessimistic; do
  $DG fidelity takecover --weights $W --episodes 100 --seed 1000 --out $E/fid_$mode --ensemble $mode --compare $E/fid_off/fidelity.json
done
