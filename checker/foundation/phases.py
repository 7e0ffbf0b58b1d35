"""The phases of a Startup d'État, listed once (declaration.md): in their order, which are
active (investigation to opéré) and which of those have built something (construction to opéré),
which close the startup (transféré, abandon, abandon-investigation), and the names older
declarations use for some of them. The declaration schema publishes the same names for editors
(``startup.phases[].name``; tests/test_words.py keeps it equal to this list)."""

from __future__ import annotations

PHASES = (
    "investigation",
    "construction",
    "acceleration",
    "consolidation",
    "opere",
    "transfere",
    "abandon",
    "abandon-investigation",
)
ACTIVE = PHASES[:5]
BUILT = PHASES[1:5]
CLOSED = PHASES[5:]
# older names, read as the phase they became
LEGACY = {"transfer": "transfere", "success": "transfere", "alumni": "abandon"}
