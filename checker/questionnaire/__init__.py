"""The questionnaire: the questions a partner answers to write a declaration, one source for the
terminal (``conformite init``) and the web form (``conformite serve``'s ``/declarer``): what is asked
and why, each answer read once, and the commented declaration written from the answers.

- :mod:`.questions`: the questions as data (sections, questions, lists, choices and their
  words, why each is asked), and which of them the declaration schema knows;
- :mod:`.words`: what the questionnaire says, in French and English;
- :mod:`.answers`: reading one answer (the parsing and near-miss hints), a whole
  declaration-shaped mapping of answers, and the bytes of an answers file;
- :mod:`.flow`: the interview in a terminal (going back, reviewing a list);
- :mod:`.writer`: the commented YAML a declaration is written as;
- :mod:`.command`: ``conformite init`` (its answers file, the pre-filling from beta.gouv.fr, writing
  the file).
"""
