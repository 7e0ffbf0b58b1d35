"""Judging a declaration that was read: the facts each obligation's provider prepares from it
(:mod:`.facts`, one module per obligation, discovered), the rule catalogue read from ``rules/``
and validated (:mod:`.rules`), the condition language (:mod:`.conditions`) compiled to the
durable_rules engine (:mod:`.engine`), one declaration's evaluation with its exemptions and
hints (:mod:`.evaluate`, :mod:`.hints`), the results as data every reporter renders
(:mod:`.model`), and a run over many files, in one process or several (:mod:`.run`,
:mod:`.parallel`). The model lives here rather than with the reporters because the evaluation
makes it; the reporters only read it."""
