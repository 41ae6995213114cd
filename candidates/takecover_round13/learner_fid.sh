#!/bin/bash
# Round 13: the learner zoo (learner_zoo.py) ranked by the round-6 dream and by the soup's, on the seeds; the
# real side is played once and its cache reused (every actor carries its own M, so its real play does not depend on
# the judged M). Usage: bash candidates/takecover_round13/learner_fid.sh RUN A   (from the repo root)
set -e
R=$1; A=$2; Z=$R/learner_zoo; O=$R/learner_fid; export SDL_VIDEODRIVER=dummy
python candidates/takecover_round13/learner_zoo.py $R $A $Z
python -m dreamgym.cli fidelity takecover --zoo $Z --episodes 100 --seed 1000 --workers 2 --out $O/round6
mkdir -p $O/soup$A && cp $O/round6/real_returns.json $O/soup$A/
python -m dreamgym.cli fidelity takecover --zoo $Z --weights $R/soup$A --episodes 100 --seed 1000 --workers 2 \
  --out $O/soup$A --compare $O/round6/fidelity.json
