"""conformite in the browser: ``conformite serve`` (a web application) and ``conformite site``
(the same pages as static files). Nothing here evaluates, words or draws anything of its own: every verdict, message, agenda
item, sheet and chart comes from the modules the command line uses (``checker.judging.run``,
``checker.reporting``, ``checker.committee.sheet``, ``checker.committee.agenda``, ``checker.committee.history``,
``checker.reporting.docs``); this package puts them in the French State's design system (DSFR) and
serves them.

- :mod:`.engine`: where the rules engine runs. durable_rules never releases the GIL and keeps
  one session per compiled ruleset, so it is never shared between concurrent requests: either
  a pool of worker processes (each its own engine; a task that takes too long is stopped by
  killing its worker) or one engine behind a lock (``--engine lock``).
- :mod:`.tasks`: what runs with the engine: one declaration checked as ``check --format json``
  does, a portfolio's report, a sheet, the agenda, the history.
- :mod:`.portfolio`: the portfolio directory's fingerprint (names, sizes, modification times),
  taken per request: pages are computed again only when a file changed.
- :mod:`.embed`: the HTML the report and the sheet write, taken apart (style, body, script) and
  put in the site's layout, their stylesheet scoped to their container.
- :mod:`.pages`: the Jinja2 layout and pages, shared by the server and the static site.
- :mod:`.app`: the Starlette application: routes, security headers, guards.
- :mod:`.site`: ``conformite site``; the two commands' options are :mod:`checker.cli.web`.
"""
