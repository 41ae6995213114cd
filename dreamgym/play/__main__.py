"""`python -m dreamgym.play ENV_ID ...` is `dreamgym play ENV_ID ...`."""

import sys

from dreamgym.play.loop import main

sys.exit(main())
