"""``python -m vanban`` runs the command line."""

from vanban.cli import run

run()
