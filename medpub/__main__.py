"""``python -m medpub`` runs the command line."""

from medpub.cli import main

raise SystemExit(main())
