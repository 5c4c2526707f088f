# Shared by the test set-up scripts (sourced, not run). Defines where the test tools live and how
# each install step runs.
#
# Every cache lives inside the clone (`.cache/`, ignored by git) unless ALEMBIC_LENS_CACHE_ROOT says
# otherwise, so a fresh clone always installs from nothing: nothing in ~/.cache can hide a missing
# step.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache_root=${ALEMBIC_LENS_CACHE_ROOT:-$repo_root/.cache}
setup_logs="$cache_root/logs"
mkdir -p "$setup_logs"

# Runs a command with an environment free of what an outer `npm run` exports. npm puts its own
# configuration (npm_config_*, including nodedir and user_agent), lifecycle and package variables,
# NODE and npm_node_execpath into the environment of every script; a nested `npm install` would
# inherit them and, for example, report the outer Node in its user agent (code-server's postinstall
# refuses to install on that) or build native modules against the outer Node's headers.
clean_env_run() {
  local -a drop=()
  local name
  while IFS= read -r name; do
    case "$name" in
      npm_config_* | npm_lifecycle_* | npm_package_* | npm_node_execpath | npm_execpath | npm_command | \
        NODE | NODE_OPTIONS | NODE_PATH | INIT_CWD | COLOR | EDITOR_npm)
        drop+=(-u "$name") ;;
    esac
  done < <(compgen -e)
  env "${drop[@]}" "$@"
}

# setup_step NAME COMMAND...: runs one install step with its output in $setup_logs/NAME.log. On
# failure the whole run stops here, naming the step and showing the end of its log, so a broken
# install never turns into failing tests deep inside a tier.
setup_step() {
  local name=$1
  shift
  local log="$setup_logs/$name.log"
  local started=$SECONDS
  echo "[setup] $name ..."
  local code=0
  "$@" >"$log" 2>&1 || code=$?
  if [ "$code" -ne 0 ]; then
    echo
    echo "!! set-up step '$name' failed (exit $code); the last lines of $log:"
    tail -n 40 "$log" | sed 's/^/   | /'
    echo "!! The tests did not run. Fix the step above and run the command again."
    exit 1
  fi
  echo "[setup] $name done ($((SECONDS - started)) s)"
}
