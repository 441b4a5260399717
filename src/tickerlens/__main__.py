"""``python -m tickerlens`` runs the command line."""

from tickerlens.cli import main

main()
