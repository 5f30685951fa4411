"""ailead: the package behind the course "AI Product vs AI Engineering Leadership".

Two rooms, one direction of imports:

- **The learner's runtime** (this package's top level; ``pip install ailead`` needs only ipywidgets and a
  YAML reader): ``case`` (the running case's data and its one timeline), ``quizbank`` (quiz files and their
  schema), ``quiz`` (the quiz widgets), ``progress`` (the learner's record), ``dashboard`` (progress against
  the quiz banks), ``team`` (the team diagnostic) and ``figures`` (the lessons' stored figures, and the
  progress dashboard drawn as SVG). It runs in JupyterLab and, unchanged, in the browser version.
- **The instructor's tools** (``ailead.instructor``; ``pip install 'ailead[grading]'``): grading with
  nbgrader, the sandbox, submissions, reports, cohorts, coverage, times, the working copy, figure drawing with
  matplotlib, and the ``ailead`` command.

The instructor's room uses the learner's; the learner's never imports the instructor's (it finds the
drawing code, where installed, only through an entry point), and no module imports one that imports it back.
"""

__version__ = "0.1.0"
