#!/usr/bin/env bash
# Installs what tenant-admin's browser tests (*IT) drive: Debian's headless Chromium and its WebDriver.
# Idempotent; needs root (or sudo) and apt. Run before './mvnw -pl tenant-admin verify -DskipITs=false'.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  echo "chromium and chromedriver are installed: $(chromium --version 2>/dev/null | head -n1)"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q chromium chromium-driver
chromium --version
