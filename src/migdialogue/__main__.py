"""``python -m migdialogue``."""

from .cli import main

raise SystemExit(main())
