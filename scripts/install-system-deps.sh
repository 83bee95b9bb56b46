#!/usr/bin/env bash
# Installs the Debian packages argmap needs on a bare machine: the libraries Qt's xcb and offscreen
# platforms load, fonts for every script a map may use (Noto: Arabic, Hebrew, CJK, Thai, ...), Xvfb
# for a virtual screen, and the peers the tests compare with (Graphviz, poppler-utils). Does nothing when they are all present already.
set -euo pipefail
packages=(
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xfixes0
  libxcb-xkb1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core xvfb xauth
  fonts-noto-core fonts-noto-cjk
  graphviz poppler-utils
  time  # GNU time: the benchmark reads each peer process's own peak memory through it
  chromium  # the HTML export's tests open the page in a real browser
)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-like system; install Qt 6's xcb libraries and Xvfb yourself." >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-system-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "install-system-deps: need root to install: ${missing[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
