#!/usr/bin/env bash
# Installs the Debian packages the test tiers need when any is missing:
#   postgresql                the db tier's throwaway server (initdb, pg_ctl, pg_dump)
#   python3-venv              the reference Alembic's virtual environment
#   chromium                  drives VS Code's web workbench in the end-to-end tier
#   libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config
#                             headers for the VS Code server's native modules
# Needs root (or password-less sudo) only when something is missing.
set -euo pipefail
packages=(postgresql python3-venv chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "all present: ${packages[*]}"
  exit 0
fi
echo "missing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Not root and no password-less sudo: install these Debian packages, then run the tests again:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
