#!/usr/bin/env bash
# The reviewer console's browser tests (tools/cli ConsoleBrowserIT) drive Debian's own Chromium and its driver:
# /usr/bin/chromium and /usr/bin/chromedriver. When either is missing this installs the packages chromium and
# chromium-driver with apt-get (CI runs as root; otherwise sudo). Nothing else ever downloads a browser: the tests
# name both binaries, so Selenium Manager is never asked for one.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1); $(/usr/bin/chromedriver --version | head -n 1)"
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "ensure-chromium: /usr/bin/chromium or /usr/bin/chromedriver is missing and this user cannot install" \
       "them; run: apt-get install chromium chromium-driver" >&2
  exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get here; install Chromium and its driver as /usr/bin/chromium and" \
       "/usr/bin/chromedriver (Debian's chromium and chromium-driver)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version
