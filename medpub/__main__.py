"""``python -m medpub`` runs the command line."""

from medpub.startup import run

run()
