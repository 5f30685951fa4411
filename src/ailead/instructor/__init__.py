"""The instructor's tools: everything beyond what a learner's lesson runs (``pip install 'ailead[grading]'``).

One module per idea, importing downward only:

- ``course`` (where the course's files are; running nbgrader) and ``results`` (one grading result) are at the
  bottom; ``submissions`` (importing and checking hand-ins), ``sandbox`` (the grading kernel's jail),
  ``autograder`` (parallel workers and the ledger) and ``reports`` (grades.csv, figures, feedback) build on
  them; ``grading`` (generate, grade a cohort, feedback) and ``check`` (a learner's self-check) on those;
  ``cohort`` (seeding a shared server) on ``grading``.
- ``coverage`` (the seed coverage map), ``timing`` (times estimated from content), ``workspace`` (the
  learner's working copy), ``browser`` (JupyterLab for browser tests) and ``drawing`` (the figures, with
  matplotlib, and ``make figures``).
- ``cli``: the ``ailead`` command, on top of all of them.
"""
