#!/bin/bash
# Round 12: each ensemble member alone (split_members.py wrote RUN/memberK) judged by the zoo on the seeds.
set -e
R=${RUN:-runs/s38}
for k in 1 2 3; do
  dreamgym fidelity takecover --weights $R/member$k --episodes 100 --seed 1000 --out $R/fid_member$k
done
