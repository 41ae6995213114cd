#!/bin/bash
# Take Cover round 24, steps 2-6 after collect.sh (docs/takecover_round24.md, rule committed before the run): encode
# the new episodes beside round 22's (linked), fine-tune the default M 600 steps on both, judge it on the zoo
# (held-out seeds 2000..2099) against the default M; only if it ranks no worse, round 23's search and gate in its
# dream (CMA-ES from zero, the dream's choice, 100 real episodes on seeds 2000..2099 against 932.1, then the issue's
# seeds). Skips what is done; the M is copied into handoff/ once trained, so later steps need no data.
# Usage: bash candidates/takecover_round24/run.sh RUN ROUND22   (ROUND22: round 22's run, with encoded/; repo root)
set -e
R=$1; D=$2; P=pretrained/takecover; H=candidates/takecover_round24/handoff
mkdir -p $R/weights $R/mdnrnn $R/encoded
if [ -f $H/mdnrnn.safetensors ]; then
  [ -f $R/mdnrnn/mdnrnn.safetensors ] || cp $H/mdnrnn.safetensors $R/mdnrnn/
else
  for f in $D/encoded/ep_*.npz; do [ -e $R/encoded/$(basename $f) ] || ln -s $(realpath $f) $R/encoded/; done
  dreamgym encode --data $R/data --vae $P/vae.safetensors --out $R/encoded
  dreamgym train mdnrnn takecover --encoded $R/encoded --out $R/mdnrnn --steps 600 --init $P/mdnrnn.safetensors \
    --seed 24 --split-seed 24
  mkdir -p $H && cp $R/mdnrnn/mdnrnn.safetensors $H/
fi
cp $P/vae.safetensors $P/initial_latents.safetensors $R/mdnrnn/mdnrnn.safetensors $R/weights/
[ -f $R/fid_default/fidelity.json ] || dreamgym fidelity takecover --weights $P --episodes 100 --seed 2000 \
  --out $R/fid_default --workers 2
[ -f $R/fid_newm/fidelity.json ] || dreamgym fidelity takecover --weights $R/weights --episodes 100 --seed 2000 \
  --out $R/fid_newm --workers 2 --compare $R/fid_default/fidelity.json
[ -f $H/fidelity.json ] || cp $R/fid_newm/fidelity.json $H/
python - $R/fid_default/fidelity.json $R/fid_newm/fidelity.json <<'PY' || { echo "the new M ranks worse: no C"; exit 0; }
import json, sys
old, new = (json.load(open(p))["spearman"] for p in sys.argv[1:3])
print(f"zoo Spearman, seeds 2000..2099: default M {old:.3f}, new M {new:.3f}")
sys.exit(0 if new >= old else 1)
PY
bash candidates/takecover_round23/run.sh $R/search $R/weights
