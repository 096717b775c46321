#!/usr/bin/env bash
# Installs what the kiosk needs on Debian 12: the system packages that are missing, then .venv with the project.
# Safe to run again: it does nothing when everything is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# zbar for QR decoding, a CJK font for Chinese on screen and in raster printouts, the X/EGL libraries Qt
# loads on a bare machine, and venv support for the system Python. espeak-ng (Mandarin voice) and alsa-utils
# (aplay) speak the calls with no network.
APT_PACKAGES=(
  libzbar0 fonts-noto-cjk espeak-ng alsa-utils
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  python3-venv
)
# Only for `make test`: the hall's tests run against a real PostgreSQL server (a throwaway cluster per run), and
# its web pages are loaded in headless Chromium; the kiosk's full-screen window is checked on a virtual X
# display (xvfb).
TEST_PACKAGES=(postgresql chromium xvfb)
if [ "${1:-}" = "--test" ]; then
  APT_PACKAGES+=("${TEST_PACKAGES[@]}")
fi

say() { printf '%s\n' "$*" >&2; }

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "提示 / note: not a Debian system; make sure these (or their equivalents) are installed: ${APT_PACKAGES[*]}"
    return 0
  fi
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      say "缺少系统软件包 / missing system packages: ${missing[*]}"
      say "请以 root 身份安装后重试 / install them as root, then run make again:"
      say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
      exit 1
    fi
  fi
  say "安装系统软件包 / installing system packages: ${missing[*]}"
  if ! { "${sudo[@]}" apt-get update -q >&2 &&
         DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }; then
    say "无法安装系统软件包 / could not install system packages: ${missing[*]}"
    say "检查网络和 apt 软件源后重试 / check the network and /etc/apt/sources.list, then run:"
    say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
}

make_venv() {
  local python=${PYTHON:-python3}
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "需要 Python 3.11 或更新版本 / Python 3.11 or newer is needed (found: $("$python" --version 2>&1 || echo none))"
    say "  apt-get install -y python3 python3-venv   (Debian 12 ships 3.11), or set PYTHON=/path/to/python3.11"
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv || { say "无法创建虚拟环境 / could not create .venv: apt-get install -y python3-venv"; exit 1; }
  fi
  local stamp=.venv/.installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "安装 Python 依赖 / installing the project into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    if ! .venv/bin/python -m pip install -q -e '.[test]'; then
      say "无法安装 Python 依赖 / pip could not install the project: check access to PyPI (or PIP_INDEX_URL), then run make again"
      exit 1
    fi
    touch "$stamp"
  fi
}

install_system_packages
make_venv
