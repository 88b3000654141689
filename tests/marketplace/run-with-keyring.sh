#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test in a private D-Bus session and throw-away home directory.
#   run-with-keyring.sh present TEST…  a session with an unlocked gnome-keyring Secret Service
#   run-with-keyring.sh absent TEST…   a session where no Secret Service exists or can start
set -eu

mode=$1
shift
here=$(dirname "$0")

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/home" "$dir/data" "$dir/config" "$dir/cache" "$dir/run"
chmod 700 "$dir/run"

export HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
export XDG_CACHE_HOME="$dir/cache" XDG_RUNTIME_DIR="$dir/run"
export RAPPORT_TEST_SECRET_SERVICE="$mode" RAPPORT_TEST_KEYRING_DIR="$dir"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

if [ "$mode" = present ]; then
  command -v gnome-keyring-daemon >/dev/null || { echo "gnome-keyring-daemon is not installed"; exit 77; }
  dbus-run-session -- sh -c '
    printf pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    keyring=$!
    # Wait until the keyring owns the Secret Service name, so that nothing else is activated.
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
      tries=$((tries + 1))
      [ $tries -lt 100 ] || { kill $keyring; echo "gnome-keyring-daemon did not start"; exit 1; }
      sleep 0.05
    done
    status=0
    "$@" || status=$?
    kill $keyring 2>/dev/null || true
    wait $keyring 2>/dev/null || true
    exit $status' sh "$@"
else
  # A bus without service directories: nothing can be activated as a Secret Service.
  dbus-run-session --config-file="$here/session-without-services.conf" -- "$@"
fi
