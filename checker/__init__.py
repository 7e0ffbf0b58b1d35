"""conformite: checks Startups d'État declarations against the DINUM convention."""
__version__ = "0.1.0"
