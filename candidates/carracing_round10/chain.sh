#!/usr/bin/env bash
# wait for run.sh to finish, then post.sh (dream choice + gate)
while ! grep -q "== .* done" /work/runs/cr12/run.log; do sleep 20; done
bash /work/runs/cr12/post.sh weights1 controller1 100
