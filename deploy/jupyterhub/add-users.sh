#!/usr/bin/env bash
# Create machine accounts for the people on a roster, so they can log in to the hub.
#
#   sudo deploy/jupyterhub/add-users.sh roster.csv [--instructor] [--passwords FILE]
#
# The roster is the one `ailead cohort seed` imports (an `id` column, the login name). New accounts
# get a random password, written with the login name to FILE (default: passwords.csv beside the
# roster, readable by root only) for you to hand out; existing accounts keep theirs. Students join
# the group nbgrader-ailead; with --instructor, formgrade-ailead (restart the hub afterwards: it reads
# the instructor group when it starts).
set -euo pipefail

PREFIX=${AILEAD_PREFIX:-/opt/ailead}
die() { printf 'add-users.sh: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run me as root (sudo $0 ...): I create accounts"
[ $# -ge 1 ] || die "usage: $0 roster.csv [--instructor] [--passwords FILE]"
roster=$1; shift
group=nbgrader-ailead
passwords="$(dirname "$roster")/passwords.csv"
while [ $# -gt 0 ]; do
  case $1 in
    --instructor) group=formgrade-ailead ;;
    --passwords) passwords=$2; shift ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
getent group "$group" >/dev/null || die "group $group does not exist; run install.sh first"

# The same roster checks as `ailead cohort seed`, so a typo is caught before any account exists.
ids=$("$PREFIX/venv/bin/python" -c '
import sys
from ailead.instructor import cohort
try:
    print("\n".join(s.id for s in cohort.read_roster(sys.argv[1])))
except cohort.CohortError as exc:
    sys.exit(f"add-users.sh: {exc}")
' "$roster")

(umask 077; [ -e "$passwords" ] || echo "id,password" >"$passwords")
for id in $ids; do
  if id "$id" >/dev/null 2>&1; then
    echo "$id: account exists, kept its password"
    home=$(getent passwd "$id" | cut -d: -f6)
    if [ -d "$home" ] && [ $(( 0$(stat -c %a "$home") & 077 )) -ne 0 ]; then
      echo "$id: WARNING: $home is open to other accounts (mode $(stat -c %a "$home")); learners' answers live" \
           "there: sudo chmod 700 $home" >&2
    fi
  else
    # Debian makes homes readable by everyone (mode 755): learners' answers live there, so 700.
    useradd --create-home --shell /bin/bash -K HOME_MODE=0700 "$id"
    chmod 700 "$(getent passwd "$id" | cut -d: -f6)"
    pw=$("$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(12))')
    echo "$id:$pw" | chpasswd
    echo "$id,$pw" >>"$passwords"
    echo "$id: account created"
  fi
  usermod -aG "$group" "$id"
done
echo "Passwords of new accounts: $passwords"
