#!/bin/bash
# PPO in the ensemble dream, one member per episode (run in session 37: 463.2 / 633.6 / 742.3 real, mean 613.0)
set -e
export PYTHONPATH=/work/compute1 SDL_VIDEODRIVER=dummy
PPO="/work/main/.venv/bin/python /work/compute1/examples/sb3_ppo_takecover.py --timesteps 1000000 --episodes 100"
# the ensemble dream, one member per episode, tau 1.15 (pessimistic was tried: no better than one M)
for s in 0 1 2; do
  [ -f ppo_episode_s$s.safetensors ] || $PPO --seed $s --ensemble episode --save ppo_episode_s$s.safetensors > ppo_episode_s$s.log 2>&1
done
