#!/bin/bash
# Round 14 (rule in candidates/takecover_round14/README.md, committed before any of this ran): the shipped weights'
# dream at tau 1.5 against the default tau 1.15, fixed zoo on held-out seeds 2000..2099 (gate 1), the seeds
# 1000..1099 (gate 2), then PPO seeds 3, 4, 5 at tau 1.5 (gate 3). Skips finished steps; stops after a failed gate.
# Usage: bash candidates/takecover_round14/run.sh RUN   (from the repo root)
set -e
R=$1; export SDL_VIDEODRIVER=dummy
fid() {  # fid SEED TAU
  [ -f $R/fid$1/tau$2/fidelity.json ] || python -m dreamgym.cli fidelity takecover --episodes 100 --seed $1 \
    --temperature $2 --out $R/fid$1/tau$2
}
fid 2000 1.15; fid 2000 1.5
python candidates/takecover_round14/gates.py $R 1 || exit 0
fid 1000 1.15; fid 1000 1.5
python candidates/takecover_round14/gates.py $R 2 || exit 0
mkdir -p $R/ppo_tau1.5
for s in 3 4 5; do
  [ -f $R/ppo_tau1.5/ppo_s$s.json ] || python examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100 \
    --seed $s --temperature 1.5 --save $R/ppo_tau1.5/ppo_s$s.safetensors --out $R/ppo_tau1.5/ppo_s$s.json \
    > $R/ppo_tau1.5/ppo_s$s.log 2>&1
done
python candidates/takecover_round14/gates.py $R 3
