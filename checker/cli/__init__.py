"""The ``conformite`` command line, the top of the house: the parser and the ``check``,
``schema``, ``rules`` and ``explain`` commands with their exit codes and interruption handling
(:mod:`.main`), the language of the help and usage lines (:mod:`.lang`), and the commands that
drive another stage: ``agenda``, ``sheet`` and ``history`` (:mod:`.committee`), ``evidence``
(:mod:`.evidence`), ``serve`` and ``site`` (:mod:`.web`). Nothing below imports it; ``python -m
checker`` and the ``conformite`` script enter through :mod:`checker.__main__`."""
