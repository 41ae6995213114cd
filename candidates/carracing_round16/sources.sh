#!/bin/bash
# CarRacing round 16, run S: members that disagree (docs/carracing_round16.md). Member 0 is B's M (all 300 episodes);
# member 1 is fine-tuned from round 14's M on the controllers' own rollouts only (round 14's 100 and round 15's 100,
# noise 0.1), member 2 on the other 100 (faster driving and random throttle); 1000 steps each, seed 163. CMA-ES,
# the dream's choice and the gate as in run E. Skips what is finished.
# Usage: bash candidates/carracing_round16/sources.sh RUN   (RUN is round 14's run directory; from the repo root)
set -e
R=$1; B=$R/turn2; S=$R/sources; export SDL_VIDEODRIVER=dummy
mkdir -p $S/own $S/other
for f in $B/encoded/ep_0000*.npz $B/encoded/ep_0030*.npz; do ln -sf $(realpath $f) $S/own/; done
for f in $B/encoded/ep_0010*.npz $B/encoded/ep_0020*.npz; do ln -sf $(realpath $f) $S/other/; done
cp $B/encoded/manifest.json $B/encoded/initial_latents.safetensors $S/own/
cp $B/encoded/manifest.json $B/encoded/initial_latents.safetensors $S/other/
for d in own other; do
  [ -f $S/member_$d/mdnrnn.safetensors ] || dreamgym train mdnrnn carracing --encoded $S/$d \
    --out $S/member_$d --steps 1000 --init $R/mdnrnn/mdnrnn.safetensors --seed 163
done
bash candidates/carracing_round16/search.sh $R $S $S/member_own/mdnrnn.safetensors $S/member_other/mdnrnn.safetensors
bash candidates/carracing_round16/gate.sh $S/weights $S/controller $S
C=$(python candidates/carracing_round14/choose.py $S/eval/dream_mean.json $S/eval/dream_best.json)
[ -f $S/eval/dream_${C}_off.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $S/weights \
  --env-kwargs '{"ensemble": "off"}' --controller $S/controller/controller_$C.safetensors --episodes 256 \
  --seed 50000 --out $S/eval/dream_${C}_off.json
python candidates/carracing_round15/paired.py $S/eval/real_2000.json $R/ensemble/eval/real_2000.json
