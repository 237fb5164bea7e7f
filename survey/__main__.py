"""``python -m survey``: a launcher only, outside the layers (like ``app.py``).

The command line lives in ``cli/``, above models and reports; it keeps the name office staff
already type.
"""

import sys

from cli.main import main

sys.exit(main())
