"""`python -m parcours.cli`, the same as the `parcours` script."""

from parcours.cli import main

main()
