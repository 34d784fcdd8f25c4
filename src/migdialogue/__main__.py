"""``python -m migdialogue``."""

from .cli import main

main()
