"""`python -m player.studio SCRIPT`: the same as `lesson-player render SCRIPT`."""

import sys

from player.studio.cli import main

sys.exit(main())
