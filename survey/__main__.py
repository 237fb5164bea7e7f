"""Entry point for ``python -m survey``."""

import sys

from survey.cli import main

sys.exit(main())
