"""JupyterHub 6 configuration for one ailead cohort on one machine (installed by install.sh).

Who can do what:
- students (Unix group nbgrader-ailead) log in with their machine password (PAM), get their own
  JupyterLab, and fetch, submit and fetch feedback through nbgrader's Assignments panel;
- instructors (Unix group formgrade-ailead) also reach the formgrader at /services/ailead/, a
  JupyterLab that the hub runs as the grader account in the course folder;
- nobody reaches anyone else's server.

Settings come from the environment (install.sh writes them to PREFIX/etc/ailead-hub.env, which the
systemd unit reads); everything else is below. Restart the hub after adding an instructor: the
instructor group is read at start-up.
"""

import grp
import os
import secrets
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

COURSE_ID = "ailead"
PREFIX = Path(os.environ.get("AILEAD_PREFIX", "/opt/ailead"))
SRV = Path(os.environ.get("AILEAD_SRV", "/srv/nbgrader"))
STATE = Path(os.environ.get("AILEAD_HUB_STATE", "/var/lib/ailead-hub"))
GRADER = os.environ.get("AILEAD_GRADER", "grader-ailead")
STUDENTS_GROUP, INSTRUCTORS_GROUP = f"nbgrader-{COURSE_ID}", f"formgrade-{COURSE_ID}"
VENV_BIN = PREFIX / "venv" / "bin"
PATH = f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin"

# --- where the hub listens. Put HTTPS in front (README, "HTTPS") or set ssl_cert/ssl_key here.
c.JupyterHub.bind_url = os.environ.get("AILEAD_HUB_URL", "http://:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("AILEAD_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('AILEAD_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(PREFIX / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")]

# --- the hub's own state (users, sessions). The gradebook is separate, in PostgreSQL.
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# --- login: the machine's own accounts (PAM). OAuth and LTI: see the README.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_groups = {STUDENTS_GROUP, INSTRUCTORS_GROUP}
c.Authenticator.admin_users = set(filter(None, os.environ.get("AILEAD_HUB_ADMINS", "").split(",")))

# --- each user's JupyterLab, from the shared environment, in their home folder, within its limits.
# LimitedSpawner is JupyterHub's local spawner plus a cgroup per user that enforces mem_limit and cpu_limit
# (upstream only passes them on as hints). The sizes come from the load test (README, "Capacity"): a
# learner's server with a kernel and a Validate run peaks well under 1 GiB; one core each means a runaway
# loop leaves the other core to everyone else.
c.JupyterHub.spawner_class = "ailead.instructor.hublimits.LimitedSpawner"
c.Spawner.mem_limit = os.environ.get("AILEAD_MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(os.environ.get("AILEAD_CPU_LIMIT", "1.0"))
if os.environ.get("AILEAD_CGROUP_PARENT"):
    c.LimitedSpawner.cgroup_parent = os.environ["AILEAD_CGROUP_PARENT"]
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"PATH": PATH}
# A learner's server takes about 5 s of CPU to start; when a whole cohort logs in in the same minute on a
# 2-core machine, the last of 30 is up after about 80 s (benchmarks/hub_load.py). With 60 s to answer
# and 120 s to start (this file's earlier values; JupyterHub's own are 30 s and 60 s) all 30 were given up on
# in that test: wait long enough for everyone.
c.Spawner.http_timeout = 300
c.Spawner.start_timeout = 300
# A hub that stops or crashes leaves learners' servers running (their kernels, their unsaved work); the
# restarted hub finds them again from its database. Stop them on purpose with the admin page if needed.
c.JupyterHub.cleanup_servers = False


def _members(group: str) -> list[str]:
    try:
        return sorted(grp.getgrnam(group).gr_mem)
    except KeyError:
        return []


def _service_token() -> str:
    """The formgrader service's API token, made once and kept in the hub's state folder."""
    path = STATE / "formgrader-token"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


# --- the formgrader: one JupyterLab per course, run by the hub as the grader account.
SERVICE_PORT = int(os.environ.get("AILEAD_FORMGRADER_PORT", "9999"))
c.JupyterHub.services = [{
    "name": COURSE_ID,
    "url": f"http://127.0.0.1:{SERVICE_PORT}",
    "command": [str(VENV_BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={SRV / COURSE_ID}"],
    "user": GRADER,
    "cwd": str(SRV / COURSE_ID),
    "environment": {"PATH": PATH, "JUPYTERHUB_DEFAULT_URL": "/lab"},
    "api_token": _service_token(),
    "oauth_no_confirm": True,
    "display": True,
}]

# --- groups and roles: instructors (the Unix group) may open the formgrader service; students may not.
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": _members(INSTRUCTORS_GROUP)}}
c.JupyterHub.load_roles = [
    {
        "name": INSTRUCTORS_GROUP,
        "description": "instructors of the ailead course: open the formgrader",
        "groups": [INSTRUCTORS_GROUP],
        "scopes": [f"access:services!service={COURSE_ID}", "self"],
    },
]

# A file beside this one may add settings for one machine (ports, TLS, OAuth) without editing this.
local = Path(__file__).with_name("jupyterhub_config_local.py")
if local.exists():
    load_subconfig(str(local))  # noqa: F821
