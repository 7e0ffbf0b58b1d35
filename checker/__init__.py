"""conformite: checks Startups d'État declarations against the DINUM convention."""

__version__ = "0.1.0"

# where each rule's documentation lives (SARIF helpUri): docs/rules.md where this repository is published
DOCS_URL = "https://github.com/betagouv/conformite/blob/main/docs/rules.md"
