#!/bin/bash
# Round 25's diagnostic, before any search (docs/carracing_round25.md): in the pessimistic dream of RUN/weights, how
# much do the members disagree along the shipped controller's episodes and along rounds 23 and 24's searched
# controllers' (which the game scores lower)? Each is scored with disagreement_penalty 0 and 1 over the same 64 dream
# episodes (seed 7000): the difference is the episode's summed disagreement. Then zoo v4 with both penalties.
# Usage: bash candidates/carracing_round25/diagnose.sh RUN SHIPPED R23 R24   (bundled controller files)
set -e
R=$1; export SDL_VIDEODRIVER=dummy; mkdir -p $R/diag
for pair in shipped:$2 r23:$3 r24:$4; do
  n=${pair%%:*}; c=${pair#*:}
  for lam in 0 1; do
    [ -f $R/diag/${n}_$lam.json ] || dreamgym evaluate DreamCarRacing-v0 --weights $R/weights --controller $c \
      --episodes 64 --seed 7000 --env-kwargs "{\"ensemble\": \"pessimistic\", \"disagreement_penalty\": $lam}" \
      --out $R/diag/${n}_$lam.json
  done
done
for lam in 0 1; do
  [ -f $R/diag/fid_$lam/fidelity.json ] || dreamgym fidelity carracing --weights $R/weights \
    --zoo pretrained/carracing/zoo --episodes 20 --seed 1000 --ensemble pessimistic --disagreement-penalty $lam \
    --out $R/diag/fid_$lam
done
python - "$R" <<'PY'
import json, sys
from pathlib import Path
d = Path(sys.argv[1]) / "diag"
for n in ("shipped", "r23", "r24"):
    a, b = (json.loads((d / f"{n}_{lam}.json").read_text()) for lam in (0, 1))
    print(f"{n:8s} dream {a['mean']:7.1f}  summed disagreement {a['mean'] - b['mean']:6.1f}")
f0, f1 = (json.loads((d / f"fid_{lam}" / "fidelity.json").read_text()) for lam in (0, 1))
for p0, p1 in zip(f0["policies"], f1["policies"]):
    print(f"{p0['name']:24s} real {p0['real_mean']:7.1f} dream {p0['dream_mean']:7.1f} "
          f"summed disagreement {p0['dream_mean'] - p1['dream_mean']:6.1f}")
print("spearman", f0["spearman"], f1["spearman"])
PY
