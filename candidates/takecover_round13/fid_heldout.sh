#!/bin/bash
# Round 13, the selection seeds: the round-6 M and each soup ranked on held-out seeds 2000..2099 (the reported seeds
# are 1000..1099; the zoo's real returns on both ranges are in its cache). Usage: bash fid_heldout.sh RUN [NAMES]
# (from the repo root, before ship.sh; NAMES default: round6 soup0.25 soup0.5 soup0.75 soup1).
set -e
R=$1; shift; NAMES=${*:-round6 soup0.25 soup0.5 soup0.75 soup1}
for w in $NAMES; do
  W=$R/$w; [ $w = round6 ] && W=pretrained/takecover
  python -m dreamgym.cli fidelity takecover --weights $W --episodes 100 --seed 2000 --out $R/fid2000/$w
done
