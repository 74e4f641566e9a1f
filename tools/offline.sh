#!/usr/bin/env bash
# Run a command with no network except loopback, to prove the course works offline.
#   tools/offline.sh COMMAND [ARGS...]
# On Linux as root (CI, most containers) this makes a fresh network namespace in which only
# 127.0.0.1 exists, so any attempt to reach the internet fails the notebook that made it.
# Where namespaces cannot be made (macOS, an unprivileged user), it says so and runs the
# command with the network as it is.
if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
  exec unshare -n sh -c 'ip link set lo up && exec "$@"' offline "$@"
fi
echo "tools/offline.sh: cannot make a network namespace here; running with the network" >&2
exec "$@"
