"""python -m argmap: the same as the argmap command."""

import sys

from .cli import main

sys.exit(main())
