#!/usr/bin/env bash
# Installs everything Lianxin needs on a fresh machine: pnpm 12.4.2 and the workspace's
# dependencies, with native addons (better-sqlite3) compiled against the local Node headers.
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

frozen=--frozen-lockfile
[ -f pnpm-lock.yaml ] || frozen=--no-frozen-lockfile
pnpm install $frozen
