"""``python -m fmevidence``: the same as the ``fmevidence`` command."""

import sys

from .cli import main

sys.exit(main())
