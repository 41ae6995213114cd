#!/bin/bash
# Round 12, after ship.sh: card scores and fidelity, the card, the GIFs, PPO (3 seeds), CMA-ES in the new dream, the temperature table.
# Usage: bash candidates/takecover_round12/after_ship.sh K   (from the repo root)
set -e
K=$1; R=/work/runs/s38; P=pretrained/takecover
export SDL_VIDEODRIVER=dummy
bash candidates/takecover_round12/eval.sh $P $R/eval
python candidates/takecover_round12/card.py $R/eval $P $K
python -c "from pathlib import Path; from dreamgym.training.report import side_by_side_gif as g; print(g('takecover', Path('$P'), Path('$P/side_by_side.gif'), 200, 1000))"
python -m dreamgym.cli play DreamTakeCover-v0 --agent --max-steps 150 --scale 4 --fps 0 --seed 3 --record docs/dream_takecover.gif
mkdir -p $R/ppo && (cd $R/ppo && bash /work/main/candidates/takecover_round12/ppo.sh)
python examples/temperature_sweep.py --out $R/sweep
bash candidates/takecover_round12/cma.sh $R/cma
