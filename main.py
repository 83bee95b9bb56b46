"""Start argmap: `python main.py [FILE]` does what the `argmap` command does."""

import sys

from argmap.cli import main

sys.exit(main())
