#!/bin/bash
# CarRacing round 25 (docs/carracing_round25.md, rule committed before the run): a pessimistic dream from three Ms
# trained on different data (round 24's, the main member; round 22's; round 19's), so that CMA-ES is paid only what
# every member pays and a controller cannot live off one M's error. Judged by zoo v4 and the two checks in that
# dream; C only if both pass, by round 24's search (round 18's widened C, 30 generations of 64 x 16, sigma0 0.05,
# seed 23) in the pessimistic dream, the dream's choice between mean and best, bundled with round 24's M as its
# memory, the held-out gate. Skips what is finished; the search resumes from its checkpoint.
# Usage: bash candidates/carracing_round25/run.sh RUN   (from the repo root)
set -e
R=$1; P=pretrained/carracing; Z=$P/zoo; export SDL_VIDEODRIVER=dummy
E='{"ensemble": "pessimistic"}'
mkdir -p $R/weights $R/eval $R/ship
cp $P/vae.safetensors candidates/carracing_round24/handoff/mdnrnn.safetensors \
  candidates/carracing_round18/handoff/initial_latents.safetensors $R/weights/
[ -f $R/weights/mdnrnn_members.safetensors ] || dreamgym ensemble $R/weights \
  --members candidates/carracing_round22/handoff/mdnrnn.safetensors,candidates/carracing_round19/handoff/mdnrnn.safetensors
[ -f $R/fidelity/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights --zoo $Z --episodes 20 \
  --seed 1000 --ensemble pessimistic --out $R/fidelity --compare candidates/carracing_round24/handoff/fidelity.json
if ! (python candidates/carracing_round18/speed_check.py $R/fidelity/fidelity.json && \
      python candidates/carracing_round20/still_check.py $R/fidelity/fidelity.json); then
  echo "the pessimistic dream fails a check: no C"; exit 0
fi
[ -f $R/widened/controller.safetensors ] || python candidates/carracing_round14/widen.py \
  $Z/mdnrnn_r10.safetensors $Z/controller_r10.safetensors $R/widened
[ -f $R/controller/controller_mean_gen30.safetensors ] || dreamgym train controller --env DreamCarRacing-v0 \
  --weights $R/weights --out $R/controller --population 64 --rollouts 16 --generations 30 --sigma0 0.05 \
  --init $R/widened/controller.safetensors --eval-every 10 --eval-rollouts 256 --keep-every 10 --seed 23 \
  --ensemble pessimistic
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
