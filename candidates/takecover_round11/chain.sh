#!/bin/bash
cd /work/runs/tc15
while pgrep -f "[.]/run[.]sh" >/dev/null; do sleep 20; done
./pick.sh > pick.log 2>&1
./ppo.sh > ppo.log 2>&1
