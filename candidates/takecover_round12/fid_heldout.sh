#!/bin/bash
# Round 12, held-out selection: every candidate M judged on seeds 2000..2099 (the reported seeds are 1000..1099);
# the zoo's real returns on these seeds are played once and cached in RUN/fid2000.
set -e
R=${RUN:-runs/s38}; O=$R/fid2000
for w in shipped member1 member2 member3; do
  W=$R/$w; [ $w = shipped ] && W=pretrained/takecover
  dreamgym fidelity takecover --weights $W --episodes 100 --seed 2000 --out $O --workers 2
  mkdir -p $O/$w && cp $O/fidelity.json $O/fidelity.md $O/fidelity.png $O/$w/
done
