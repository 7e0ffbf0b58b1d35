"""Reading a declaration, before any rule runs: bytes to data that knows the line and column of
every value (:mod:`.loader`, with its size, depth and alias guards, the one way any YAML or JSON
file is read; :mod:`.yamlerrors` words a syntax error), the declaration schema and its errors as
located sentences (:mod:`.schema`, :mod:`.fastschema`, :mod:`.schemas`), what a person probably
meant (:mod:`.nearmiss`, :mod:`.placeholders`, and :mod:`.vocabulary`, the few values the rule
files name, read from them as data), the files behind the PATH arguments read and validated once
(:mod:`.declarations`), the problems of an invalid file as data (:mod:`.problems`), and the
declarations as they stood in git (:mod:`.gitstate`): it reads declarations, and both the
committee's history and ``check --diff-base`` use it, so it sits below both."""
