"""``python -m game`` runs the same command line as the ``millones`` script."""

from game.cli import main

raise SystemExit(main())
