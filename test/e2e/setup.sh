#!/bin/bash
# Installs what the end-to-end tests need, outside the repository:
#   - Node 24 (npm package node@24): the VS Code server in code-server 4.139 requires it;
#   - code-server 4.139.1 (its lib/vscode is the real VS Code 1.139 server) with native modules rebuilt;
#   - Debian chromium and playwright-core to drive the web workbench.
# usage: test/e2e/setup.sh   -> prints the cache folder on its last line.
# Idempotent: each step is skipped when its result is already there. A few minutes the first time.
set -eu
cache=${ALEMBIC_LENS_E2E_CACHE:-$HOME/.cache/alembic-lens-e2e}
mkdir -p "$cache"
cd "$cache"
log="$cache/setup.log"
step() { echo "[e2e-setup] $*" >&2; }

# Debian packages: chromium to drive the workbench; headers to build the native modules of lib/vscode.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  apt-get update >>"$log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}" >>"$log" 2>&1
fi

# Node 24 from npm.
if [ ! -x node24/node_modules/node/bin/node ]; then
  step "npm install node@24"
  mkdir -p node24
  (cd node24 && npm init -y >/dev/null && npm install node@24 >>"$log" 2>&1)
fi
export PATH="$cache/node24/node_modules/node/bin:$PATH"

# code-server and the native modules of its VS Code server.
vs="$cache/cs/node_modules/code-server/lib/vscode"
if [ ! -f "$vs/out/server-main.js" ] || [ ! -f "$cache/cs/.native-ok" ]; then
  step "npm install code-server@4.139.1 (and rebuild native modules)"
  mkdir -p cs
  # npm 11 runs dependency install scripts only when the project allows them.
  printf '{"name":"cs","version":"1.0.0","private":true,"allowScripts":{"code-server":true,"argon2":true}}\n' > cs/package.json
  (cd cs && npm install code-server@4.139.1 >>"$log" 2>&1) || true
  (cd cs && npm rebuild code-server argon2 --foreground-scripts >>"$log" 2>&1) || true
  [ -f "$vs/out/server-main.js" ] || { step "code-server install failed, see $log"; exit 1; }
  (cd "$vs" && npm install-scripts approve @parcel/watcher @vscode/deviceid @vscode/fs-copyfile \
      @vscode/native-watchdog @vscode/spdlog @vscode/sqlite3 kerberos node-pty >>"$log" 2>&1) || true
  (cd "$vs" && npm rebuild --foreground-scripts >>"$log" 2>&1)
  [ -d "$vs/node_modules/@vscode/spdlog/build" ] || { step "native rebuild failed, see $log"; exit 1; }
  touch "$cache/cs/.native-ok"
fi

# playwright-core (drives Debian's chromium; downloads no browser).
if [ ! -d pw/node_modules/playwright-core ]; then
  step "npm install playwright-core"
  mkdir -p pw
  (cd pw && npm init -y >/dev/null && npm install playwright-core >>"$log" 2>&1)
fi
echo "$cache"
