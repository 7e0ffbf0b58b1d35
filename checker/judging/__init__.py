"""Judging a declaration: facts, rules, conditions, the engine, evaluation and exemptions."""
