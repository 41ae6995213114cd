#!/bin/bash
# Take Cover round 27 (docs/takecover_round27.md, rule committed before the run): round 26 with one change, a
# separable CMA-ES (`train controller --diagonal`) for the controller with a hidden layer of 8 tanh units. The same
# dream (round 24's M), budget, seed, choice and gate: round 26's script with this round's handoff and the flag.
# Usage: bash candidates/takecover_round27/run.sh RUN   (from the repo root)
set -e
bash candidates/takecover_round26/run.sh $1 candidates/takecover_round27/handoff --diagonal
