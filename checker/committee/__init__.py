"""The committee tools: agenda, sheet, history and their pictures."""
