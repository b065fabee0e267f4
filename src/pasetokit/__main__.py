"""``python -m pasetokit``: the same command line as the ``pasetokit`` console script."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
