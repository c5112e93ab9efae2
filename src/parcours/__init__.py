"""parcours: a bank's job and competency documents turned into a living job map."""

__version__ = "0.1.0"
