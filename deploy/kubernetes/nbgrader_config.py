"""Global nbgrader configuration for every pod of the ailead course on Kubernetes.

Installed as /etc/jupyter/nbgrader_config.py: baked into the course image (Dockerfile) and, on the
cluster, mounted over that copy by values.yaml (singleuser.extraFiles), so editing values.yaml and
running `helm upgrade` changes it without rebuilding the image.

Students' pods and the grader's pod share this file. It holds no secret: the gradebook URL (which
carries the database password) comes from the AILEAD_DB_URL environment variable, which only the
grader pod has (grader.yaml takes it from a Kubernetes Secret).

Exchange: ngshare (https://ngshare.readthedocs.io), a JupyterHub service that stores released
assignments, submissions and feedback, so student pods need no shared ReadWriteMany volume.
The alternative, nbgrader's own filesystem exchange on a shared volume, is at the bottom.
"""

import os

c = get_config()  # noqa: F821 (nbgrader provides get_config)

COURSE_ID = "ailead"

# One course. The formgrader needs a concrete id (ngshare's own docs say '*' does not work for the
# formgrader), and students then need no per-user nbgrader_config.py.
c.CourseDirectory.course_id = COURSE_ID

# --- Exchange: ngshare ------------------------------------------------------------------------
# ngshare_exchange.configureExchange sets c.ExchangeFactory.exchange, .fetch_assignment,
# .fetch_feedback, .release_assignment, .release_feedback, .list, .submit and .collect to its own
# classes (checked in ngshare_exchange 0.5.3's configure_exchange.py).
# The URL is the in-cluster address of the ngshare Service, not the public one: pods talk to it
# directly with their JupyterHub API token. NGSHARE_URL overrides it, e.g. when ngshare is installed
# in another namespace or under another release name.
NGSHARE_URL = os.environ.get(
    "NGSHARE_URL", "http://ngshare.ailead.svc.cluster.local:8080/services/ngshare"
)
AILEAD_EXCHANGE = os.environ.get("AILEAD_EXCHANGE", "ngshare")

if AILEAD_EXCHANGE == "ngshare":
    from ngshare_exchange import configureExchange

    configureExchange(c, NGSHARE_URL)
else:
    # --- Alternative: nbgrader's filesystem exchange on a ReadWriteMany volume ------------------
    # Every pod (students and grader) mounts the same RWX volume at /srv/nbgrader/exchange
    # (README.md, "Alternative: a shared ReadWriteMany volume"). Set AILEAD_EXCHANGE=filesystem in
    # singleuser.extraEnv and in grader.yaml to use it.
    c.Exchange.root = "/srv/nbgrader/exchange"

# --- Gradebook -------------------------------------------------------------------------------
# Only the grader pod sets AILEAD_DB_URL, e.g.
#   postgresql+psycopg2://ailead:PASSWORD@ailead-postgresql:5432/ailead_gradebook
# (SQLAlchemy 2 needs the driver named: `postgresql+psycopg2://`, not `postgres://`).
# Note: nbgrader reads the course folder's own nbgrader_config.py after this file; the one that
# `ailead cohort seed --db ...` writes there sets the same URL, so both agree.
if os.environ.get("AILEAD_DB_URL"):
    c.CourseDirectory.db_url = os.environ["AILEAD_DB_URL"]

# The instructor's course folder inside the grader pod (a PersistentVolumeClaim, grader.yaml).
c.CourseDirectory.root = os.environ.get("AILEAD_COURSE_ROOT", "/srv/nbgrader/ailead")

# The same limits as the single-machine course.
c.Execute.timeout = 60
