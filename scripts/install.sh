#!/usr/bin/env bash
# Installs everything Lianxin needs on a fresh machine: pnpm 12.4.2 and the workspace's
# dependencies, with native addons (better-sqlite3) compiled against the local Node headers, and
# Debian's Chromium for the test that opens the simulation report in a headless browser.
set -euo pipefail
cd "$(dirname "$0")/.."

want=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  npm install -g "pnpm@$want" --allow-scripts=pnpm >/dev/null 2>&1 || npm install -g "pnpm@$want"
fi

# node-gyp must build against the headers that ship with this Node, never download them.
nodedir=$(dirname "$(dirname "$(command -v node)")")
if [ -f "$nodedir/include/node/node.h" ]; then
  export npm_config_nodedir="$nodedir"
fi

# The report test drives /usr/bin/chromium through playwright-core (never a downloaded browser);
# a small CJK font lets it (and anyone on this machine) read the report's Chinese labels.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  want_apt="chromium fonts-wqy-microhei"
  $sudo apt-get install -y $want_apt >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y $want_apt >/dev/null; } ||
    echo "install.sh: could not install $want_apt; the report's browser test will fail" >&2
fi

frozen=--frozen-lockfile
[ -f pnpm-lock.yaml ] || frozen=--no-frozen-lockfile
pnpm install $frozen
