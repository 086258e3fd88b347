"""``python -m closereading stats [PATH] [--json]``: the same as the ``closereading`` command."""

import sys

from closereading.cli import main

sys.exit(main())
