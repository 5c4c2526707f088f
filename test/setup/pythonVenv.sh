# Sourced by the venv set-up scripts: one way to make a Python virtual environment for a test oracle.
#
# python_venv VENV CHECK PACKAGE...: reuses VENV when its python passes CHECK (a Python snippet that
# exits 0 only with the wanted versions), else makes it anew and installs PACKAGEs with pip, then
# runs CHECK again.
#
# pip reads its index settings from the user's configuration in $HOME. With HOME pointed at an empty
# folder (a fresh-machine check), the account's own configuration is used, where this kind of
# machine keeps the local package index; nothing else from the real home is used.
python_venv() {
  local venv=$1 check=$2
  shift 2
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    echo "reusing $venv"
    return 0
  fi
  local account_home candidate
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
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --retries 1 --timeout 30 "$@"
  "$venv/bin/python" -c "$check"
}
