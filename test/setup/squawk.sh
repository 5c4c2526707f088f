#!/usr/bin/env bash
# Installs squawk (npm squawk-cli 2.66.0, the PostgreSQL migration linter the safety linter is
# measured against) into the folder given. It is not a devDependency: the registry reached here
# serves only its linux-x64 binary package, and `npm ci` refuses a lockfile without the other
# platforms' optional packages, while a plain `npm install` skips them.
# usage: squawk.sh FOLDER   -> FOLDER/node_modules/.bin/squawk
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
folder=$1
if [ -x "$folder/node_modules/.bin/squawk" ] && "$folder/node_modules/.bin/squawk" --version | grep -q '2\.66\.0'; then
  echo "reusing $folder"
  exit 0
fi
rm -rf "$folder" && mkdir -p "$folder"
cd "$folder"
clean_env_run npm init -y >/dev/null
clean_env_run npm install --no-audit --no-fund squawk-cli@2.66.0
"$folder/node_modules/.bin/squawk" --version
