"""``conformite init``: a declaration written through questions (moved here from
``checker/questionnaire.py``; split into its parts next)."""

from .questions import *  # noqa: F403
from .questions import main  # noqa: F401
