"""``python -m vanban`` runs the command line."""

import sys

from vanban.cli import main

sys.exit(main())
