"""The investment committee's tools, built on the checker's own verdicts and due dates and
never computing one of their own: every deadline coming due (:mod:`.agenda`), one page per
startup for its committee (:mod:`.sheet`), how compliance moved over a period
(:mod:`.history`), the annex objectives' progress (:mod:`.objectives`), the small SVG pictures
they draw (:mod:`.svg`), and one declaration examined as of several dates (:mod:`.examine`),
which only these tools and the web pages that show them use. The HTML report receives what it
shows of the committee (the history chart, the links to the sheets) from here, through its
``Context``, and imports nothing of this package."""
