#!/usr/bin/env bash
# Install the ailead course as a JupyterHub for one cohort on one Debian/Ubuntu machine.
#
#   sudo deploy/jupyterhub/install.sh
#
# Safe to run again (after a `git pull`, say): every step checks what is already there. What it
# sets up, and why, is in deploy/jupyterhub/README.md. Settings come from the environment; the
# defaults suit a dedicated machine:
#
#   AILEAD_PREFIX      /opt/ailead             the shared environment (venv, course copy, proxy, hub config)
#   AILEAD_SRV         /srv/nbgrader           nbgrader's exchange and the instructors' course folder
#   AILEAD_HUB_STATE   /var/lib/ailead-hub     the hub's own database, cookie secret and tokens
#   AILEAD_GRADER      grader-ailead           the account that owns the course and runs the formgrader
#   AILEAD_DB_URL      (made here)             gradebook URL; by default a local PostgreSQL database
#   AILEAD_PYTHON      /usr/bin/python3        the Python the shared environment is built from
#   AILEAD_MEM_LIMIT   1G                      memory per learner (server + kernels), enforced by a cgroup
#   AILEAD_CPU_LIMIT   1.0                     CPU cores per learner, enforced by a cgroup
#   AILEAD_SKIP_APT=1        do not install system packages (they are there already)
#   AILEAD_SKIP_POSTGRES=1   do not create the database (AILEAD_DB_URL names one that exists)
#   AILEAD_SKIP_SYSTEMD=1    do not install or start the systemd service (tests start the hub themselves)
set -euo pipefail

PREFIX=${AILEAD_PREFIX:-/opt/ailead}
SRV=${AILEAD_SRV:-/srv/nbgrader}
STATE=${AILEAD_HUB_STATE:-/var/lib/ailead-hub}
GRADER=${AILEAD_GRADER:-grader-ailead}
PYTHON=${AILEAD_PYTHON:-/usr/bin/python3}
COURSE_ID=ailead
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run me as root (sudo $0): I create accounts and folders outside your home."

if [ "${AILEAD_SKIP_APT:-}" != 1 ]; then
  say "System packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv nodejs npm postgresql \
    bubblewrap >/dev/null
fi
command -v npm >/dev/null || die "npm is missing (apt-get install npm), needed for configurable-http-proxy"
command -v bwrap >/dev/null || die "bubblewrap is missing (apt-get install bubblewrap), needed to grade safely"
[ -x "$PYTHON" ] || die "no Python at $PYTHON; set AILEAD_PYTHON"

say "Groups and the grader account"
# Students log in if they are in nbgrader-ailead; instructors in formgrade-ailead reach the formgrader.
for group in "nbgrader-$COURSE_ID" "formgrade-$COURSE_ID"; do
  getent group "$group" >/dev/null || groupadd "$group"
done
if ! id "$GRADER" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment "ailead course grader" "$GRADER"
fi
usermod -aG "formgrade-$COURSE_ID" "$GRADER"

say "The course, copied to $PREFIX/course (readable by everyone but its answers, writable by root)"
mkdir -p "$PREFIX"
chmod 755 "$PREFIX"
# A fresh copy each time, so files deleted from the course disappear here too.
rm -rf "$PREFIX/course.new"
mkdir -p "$PREFIX/course.new"
tar -C "$REPO" --exclude=./.git --exclude=./.venv --exclude=./my-work --exclude=./grading --exclude=./artifacts \
  --exclude=__pycache__ --exclude='*.egg-info' --exclude=.pytest_cache --exclude=.ruff_cache -cf - . \
  | tar -C "$PREFIX/course.new" -xf -
rm -rf "$PREFIX/course"
mv "$PREFIX/course.new" "$PREFIX/course"
chmod -R a+rX "$PREFIX/course"
# Model answers, hidden tests and the final assessment's key: the grader and instructors only, never students.
for secret in solutions instructors; do
  if [ -e "$PREFIX/course/$secret" ]; then
    chgrp -R "formgrade-$COURSE_ID" "$PREFIX/course/$secret"
    chmod -R o-rwx "$PREFIX/course/$secret"
  fi
done

say "The shared Python environment in $PREFIX/venv"
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
stamp="$PREFIX/venv/.ailead-installed"
want=$(sha256sum "$PREFIX/course/pyproject.toml" | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$PREFIX/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$PREFIX/venv/bin/python" -m pip install -q --disable-pip-version-check -e "$PREFIX/course[grading,hub]"
  echo "$want" >"$stamp"
fi
chmod -R a+rX "$PREFIX/venv"
# Students get the assignment list but not the instructor tools; the grader turns those on for itself.
# `jupyter server` runs the first jupyter-server on PATH, so PATH must start with the shared environment.
VPATH="$PREFIX/venv/bin:/usr/local/bin:/usr/bin:/bin"
as_root() { env PATH="$VPATH" "$@"; }
as_grader() { (cd / && runuser -u "$GRADER" -- env PATH="$VPATH" HOME="/home/$GRADER" "$@"); }
as_root jupyter server extension disable --sys-prefix nbgrader.server_extensions.formgrader >/dev/null 2>&1
as_root jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader >/dev/null 2>&1
as_root jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:create-assignment >/dev/null 2>&1
# Written directly: `jupyter server extension enable --user` fails its own validation of this module.
as_grader mkdir -p "/home/$GRADER/.jupyter"
echo '{"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": true}}}' \
  | as_grader sh -c "cat >'/home/$GRADER/.jupyter/jupyter_server_config.json'"
as_grader jupyter labextension enable --level=user @jupyter/nbgrader:formgrader >/dev/null 2>&1
as_grader jupyter labextension enable --level=user @jupyter/nbgrader:create-assignment >/dev/null 2>&1

say "configurable-http-proxy (from npm) in $PREFIX/proxy"
if [ ! -x "$PREFIX/proxy/node_modules/.bin/configurable-http-proxy" ]; then
  npm install --silent --no-fund --no-audit --prefix "$PREFIX/proxy" configurable-http-proxy@5 >/dev/null
fi
chmod -R a+rX "$PREFIX/proxy"

say "nbgrader: global config, exchange and course folder"
# The global config lives in the shared environment (every user's Jupyter reads it), not in /etc.
install -d -m 755 "$PREFIX/venv/etc/jupyter"
cat >"$PREFIX/venv/etc/jupyter/nbgrader_config.py" <<EOF
# Written by deploy/jupyterhub/install.sh: the course every user of this hub takes, and where
# released, submitted and feedback files are exchanged.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "$COURSE_ID"
c.Exchange.root = "$SRV/exchange"
# A hand-in is written whole or not at all (a full disk is a clear error to the learner), and collect
# takes only folders their learner owns (inbound is writable by everyone, so names can be forged).
c.ExchangeFactory.submit = "ailead.instructor.exchange.AtomicExchangeSubmit"
c.ExchangeFactory.collect = "ailead.instructor.exchange.SafeExchangeCollect"
# Validate's kernel talks over Unix sockets, as learners' own kernels do (below).
c.KernelManager.transport = "ipc"
EOF
chmod 644 "$PREFIX/venv/etc/jupyter/nbgrader_config.py"
# Kernels talk to their server over Unix sockets in the learner's own runtime folder, not TCP ports on
# 127.0.0.1: with a cohort on one machine, kernels starting in the same second picked the same free port
# and one died ("Address already in use"; seen with 30 learners pressing Validate at once), and TCP
# ports are reachable by every account on the machine.
# (A jupyter_server_config.py: the .d folder beside it is read only for enabling extensions.)
cat >"$PREFIX/venv/etc/jupyter/jupyter_server_config.py" <<EOF
# Written by deploy/jupyterhub/install.sh: every server's kernels use Unix sockets, not TCP ports.
c = get_config()  # noqa: F821
c.KernelManager.transport = "ipc"
EOF
chmod 644 "$PREFIX/venv/etc/jupyter/jupyter_server_config.py"
install -d -m 755 "$SRV"
# Everyone writes here; nbgrader sets tighter modes on the folders it makes inside.
install -d -m 777 "$SRV/exchange"
install -d -m 750 -o "$GRADER" -g "$GRADER" "$SRV/$COURSE_ID"

if [ -z "${AILEAD_DB_URL:-}" ]; then
  [ "${AILEAD_SKIP_POSTGRES:-}" != 1 ] || die "AILEAD_SKIP_POSTGRES=1 needs AILEAD_DB_URL"
  say "PostgreSQL gradebook"
  secret="$STATE/gradebook-password"
  install -d -m 700 "$STATE"
  [ -s "$secret" ] || (umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_hex(24))' >"$secret")
  pw=$(cat "$secret")
  systemctl enable --now postgresql >/dev/null 2>&1 || true
  runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='ailead'" | grep -q 1 \
    || runuser -u postgres -- psql -qc "CREATE ROLE ailead LOGIN PASSWORD '$pw'"
  runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname='ailead_gradebook'" | grep -q 1 \
    || runuser -u postgres -- createdb -O ailead ailead_gradebook
  AILEAD_DB_URL="postgresql+psycopg2://ailead:$pw@127.0.0.1:5432/ailead_gradebook"
fi

say "The course folder for $GRADER in $SRV/$COURSE_ID"
# The grader's own nbgrader config points the formgrader at the course folder.
install -d -m 700 -o "$GRADER" -g "$GRADER" "/home/$GRADER/.jupyter"
cat >"/home/$GRADER/.jupyter/nbgrader_config.py" <<EOF
c = get_config()  # noqa: F821
c.CourseDirectory.root = "$SRV/$COURSE_ID"
EOF
chown "$GRADER:$GRADER" "/home/$GRADER/.jupyter/nbgrader_config.py"
if [ ! -e "$SRV/$COURSE_ID/nbgrader_config.py" ]; then
  # An empty roster seeds nothing; `ailead cohort seed` with the real roster comes next (README).
  as_grader python -c "import sys; from ailead.instructor import cohort; cohort.create_course(sys.argv[1], sys.argv[2])" \
    "$SRV/$COURSE_ID" "$AILEAD_DB_URL"
fi

say "JupyterHub configuration in $PREFIX/etc"
install -d -m 755 "$PREFIX/etc"
install -m 644 "$HERE/jupyterhub_config.py" "$PREFIX/etc/jupyterhub_config.py"
install -d -m 700 "$STATE"
cat >"$PREFIX/etc/ailead-hub.env" <<EOF
AILEAD_PREFIX=$PREFIX
AILEAD_SRV=$SRV
AILEAD_HUB_STATE=$STATE
AILEAD_GRADER=$GRADER
AILEAD_MEM_LIMIT=${AILEAD_MEM_LIMIT:-1G}
AILEAD_CPU_LIMIT=${AILEAD_CPU_LIMIT:-1.0}
EOF

if [ "${AILEAD_SKIP_SYSTEMD:-}" != 1 ]; then
  say "systemd service ailead-hub"
  sed "s#@PREFIX@#$PREFIX#g; s#@STATE@#$STATE#g" "$HERE/ailead-hub.service" >/etc/systemd/system/ailead-hub.service
  systemctl daemon-reload
  systemctl enable --now ailead-hub
  systemctl restart ailead-hub
fi

say "Done"
cat <<EOF
Next (see deploy/jupyterhub/README.md):
  1. accounts:  sudo $HERE/add-users.sh roster.csv            (students; --instructor for instructors)
  2. cohort:    sudo -u $GRADER $PREFIX/venv/bin/ailead cohort seed --course $SRV/$COURSE_ID \\
                  --roster roster.csv --release 01-two-roles-one-product
  3. open http://THIS-MACHINE:8000/ (put TLS in front first: README, "HTTPS")
EOF
