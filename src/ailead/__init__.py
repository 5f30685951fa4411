"""ailead: the package behind the course "AI Product vs AI Engineering Leadership".

Modules, one idea each: ``case`` (the running case study's data), ``quizbank`` (quiz files and their
schema), ``quiz`` (the quiz widgets), ``progress`` (the learner's record), ``figures`` (the course's
charts), ``workspace`` (the learner's working copy), ``coverage`` (the seed coverage map),
``grading`` (nbgrader helpers) and ``cli`` (the ``ailead`` command).
"""

__version__ = "0.1.0"
