"""nbgrader configuration for the course.

Source of truth: solutions/ (nbgrader's "source" step). Generated student versions: exercises/
(nbgrader's "release" step), committed. Everything nbgrader writes while grading (submissions,
autograded copies, feedback, the gradebook database) goes to grading/, which git ignores.
"""

import os

c = get_config()  # noqa: F821 (nbgrader provides get_config)

here = os.path.dirname(os.path.abspath(__file__))
# SQLite cannot create the gradebook in a folder that does not exist yet.
os.makedirs(os.path.join(here, "grading"), exist_ok=True)

c.CourseDirectory.course_id = "ailead"
c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
c.CourseDirectory.solution_directory = os.path.join("grading", "solution")
c.CourseDirectory.source_with_tests_directory = os.path.join("grading", "source_with_tests")
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "grading", "gradebook.db")

# Stubs the student sees in place of solutions.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Each cell gets this long before nbgrader stops it (a learner's slow loop, not an infinite one).
c.Execute.timeout = 60
