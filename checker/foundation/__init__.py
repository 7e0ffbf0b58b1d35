"""The lowest layer, what every stage uses and nothing of a stage's own: the user-facing texts in
French and English and the one function that reads them (:mod:`.messages`), the verdict ids and
their words (:mod:`.verdicts`), calendar arithmetic and the one reading of a written date
(:mod:`.dates`), the reading of an option or query value (:mod:`.options`), standard error
written one way (:mod:`.console`) and every file written atomically (:mod:`.atomic`). It imports
no other part of conformite; a module belongs here only when stages that do not depend on one
another (reading and the importer, the command line and the web pages) all need it."""
