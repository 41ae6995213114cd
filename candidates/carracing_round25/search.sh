#!/bin/bash
# Round 25, part 3 (docs/carracing_round25.md, written before the run), only if penalty.py passes for the member pair
# in RUN (fresh_member.sh's RUN/pair): round 24's search (round 18's widened C, 30 generations of 64 x 16, sigma0 0.05,
# seed 23) in the pessimistic pair dream at penalty.py's penalty; the dream's choice between mean and best (256 such
# dream episodes, seed 50000), bundled with round 24's M as its memory; the held-out gate (seeds 2000..2099 against
# 853.6) and, only if it passes, the tracks (1000..1099 against 856.4). Skips what is finished.
# Usage: bash candidates/carracing_round25/search.sh RUN WIDENED   (WIDENED: round 18's widened controller file)
set -e
R=$1; export SDL_VIDEODRIVER=dummy
python candidates/carracing_round25/penalty.py $R
L=$(python candidates/carracing_round25/penalty.py $R | tail -1)
E="{\"ensemble\": \"pessimistic\", \"disagreement_penalty\": $L}"
mkdir -p $R/eval $R/ship
[ -f $R/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $R/weights --out $R/controller --population 64 --rollouts 16 --generations 30 --sigma0 0.05 \
  --init $2 --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 23 --ensemble pessimistic \
  --disagreement-penalty $L
for c in mean best; do
  [ -f $R/eval/dream_$c.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $R/weights \
    --controller $R/controller/controller_$c.safetensors --episodes 256 --seed 50000 --env-kwargs "$E" \
    --out $R/eval/dream_$c.json
done
C=$(python candidates/carracing_round14/choose.py $R/eval/dream_mean.json $R/eval/dream_best.json)
echo "the dream chose the CMA-ES $C"
cp $R/weights/vae.safetensors $R/weights/mdnrnn.safetensors $R/weights/initial_latents.safetensors $R/ship/
[ -f $R/ship/controller.safetensors ] || dreamgym bundle $R/controller/controller_$C.safetensors \
  --memory $R/weights/mdnrnn.safetensors --out $R/ship/controller.safetensors
[ -f $R/eval/real_2000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $R/ship --episodes 100 --seed 2000 \
  --workers 2 --out $R/eval/real_2000.json
G=$(python -c "import json; print(json.load(open('$R/eval/real_2000.json'))['mean'] > 853.6)")
echo "gate (seeds 2000..2099, the shipped controller 853.6): $G"
if [ $G = True ]; then
  [ -f $R/eval/real_1000.json ] || dreamgym evaluate RealCarRacing-v0 --weights $R/ship --episodes 100 \
    --seed 1000 --workers 2 --out $R/eval/real_1000.json
  python -c "import json; print('issue seeds 1000..1099:', json.load(open('$R/eval/real_1000.json'))['mean'], 'vs 856.4')"
fi
