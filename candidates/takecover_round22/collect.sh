#!/bin/bash
# Take Cover round 22, step 1 (docs/takecover_round22.md): real play of the twelve PPO actors of rounds 18 and 20
# (actors/zoo.json), 25 episodes each with action noise 0.1, plus 150 held-random episodes that keep M anchored on
# the data policy. Resumable (collect keeps finished episodes; episode i of a source is always the same).
# Usage: bash candidates/takecover_round22/collect.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/takecover; A=candidates/takecover_round22/actors; k=0
for name in "epochs10 s13" "epochs10 s14" "epochs10 s15" "epochs10 s16" "epochs10 s17" "epochs10 s18" \
  "gamma995 s13" "gamma995 s14" "gamma995 s15" "gamma995 s16" "gamma995 s17" "gamma995 s18"; do
  k=$((k + 1))
  dreamgym collect takecover --out $R/data --workers 2 --episodes 25 --seed $((2200 + k)) \
    --first-index $((100000 * k)) --policy "zoo:$name" --zoo $A --weights $P --noise 0.1
done
dreamgym collect takecover --out $R/data --workers 2 --episodes 150 --seed 2200 --first-index 0
