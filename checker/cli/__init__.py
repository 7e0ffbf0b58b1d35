"""The ``conformite`` command line (``python -m checker`` does the same)."""
