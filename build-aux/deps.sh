# shellcheck shell=bash
# The Debian 12 packages Rapport needs to build, run and test.  Sourced by run and test.

RAPPORT_BUILD_PACKAGES=(
  gcc meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsqlite3-dev libsecret-1-dev
  desktop-file-utils appstream
  adwaita-icon-theme librsvg2-common fonts-cantarell fonts-noto-cjk fonts-noto-color-emoji
  iso-codes tzdata
  dbus dbus-user-session gnome-keyring
)

RAPPORT_TEST_PACKAGES=(
  xvfb xauth xdotool at-spi2-core
  python3 python3-gi gir1.2-atspi-2.0 python3-pyatspi python3-dbusmock
  libsecret-tools poppler-utils
)

# Only for build-aux/test --sanitize: clang with its AddressSanitizer and UBSan runtimes.
RAPPORT_SANITIZE_PACKAGES=(
  clang libclang-rt-14-dev
)

# Installs what is missing, as root; otherwise prints the one line to run and fails.
rapport_install_packages ()
{
  local missing=()
  local pkg

  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done

  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    echo "Rapport needs these packages. Install them, then run this again:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    return 1
  fi

  echo "Installing ${missing[*]}" >&2
  apt-get update -q >&2 || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
