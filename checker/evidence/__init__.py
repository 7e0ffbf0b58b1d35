"""Evidence: what the world shows about a declaration (DashLord scans, HTTP probes), kept in a
store apart from the declarations and turned into ``cause: evidence`` findings by ``check
--evidence``. Modules: :mod:`store` (the documents), :mod:`dashlord` (reader of DashLord
results), :mod:`probe` (HTTP checks of declared URLs: what to ask, the cache), :mod:`fetch` (the
probe's bounded HTTP), :mod:`filling` (what both sources share when they fill a store),
:mod:`findings` (evidence -> findings), :mod:`words` (the few words reporters need). It sits
above judging (a store's problems are worded as a declaration's) and below reporting, whose
formats show evidence findings; the ``conformite evidence`` command is :mod:`checker.cli.evidence`."""
