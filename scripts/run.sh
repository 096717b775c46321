#!/usr/bin/env bash
# `make run`: start the kiosk on this machine's screen, or say how to see it without one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "没有显示器 / no display: make run needs a screen (DISPLAY or WAYLAND_DISPLAY is not set)." >&2
  echo "运行 make demo 生成每个界面的截图 / run 'make demo' to write screenshots of every screen instead." >&2
  exit 2
fi
exec .venv/bin/kiosk run "$@"
