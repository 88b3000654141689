#!/bin/sh
# Runs a command in a private D-Bus session with an unlocked, empty Secret Service
# (gnome-keyring) and private home folders, so that tests store their secrets where the
# product does, and nothing of the user's is touched.
set -e
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- sh -c '
  eval "$(printf %s test-keyring | gnome-keyring-daemon --daemonize --unlock --components=secrets | sed "s/^/export /")"
  "$@"
  status=$?
  [ -n "$GNOME_KEYRING_PID" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null
  exit $status
' sh "$@"
