"""Evidence: what the world shows about a declaration (DashLord scans, HTTP probes), kept in a
store apart from the declarations and turned into ``cause: evidence`` findings by ``check
--evidence``. Modules: :mod:`store` (the documents), :mod:`dashlord` (reader of DashLord
results), :mod:`probe` (HTTP checks of declared URLs: what to ask, the cache), :mod:`fetch` (the
probe's bounded HTTP), :mod:`findings` (evidence -> findings),
:mod:`command` (the ``conformite evidence`` subcommands)."""
