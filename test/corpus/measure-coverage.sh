#!/bin/bash
# Measures `alembic-lens coverage` on checkouts of the public histories that docs/coverage.md
# reports. Usage: test/corpus/measure-coverage.sh CHECKOUTS OUT
#   CHECKOUTS holds one folder per repository, named owner+name (as the fetch tool names them);
#   OUT receives one alembic.ini per history (script_location pointing into the checkout, since
#   several of them configure Alembic in code) and coverage-<history>.json / .txt.
# Needs the CLI bundle (node esbuild.mjs) or runs the sources through tsx.
set -euo pipefail
checkouts=$(cd "$1" && pwd); out=$2; mkdir -p "$out"
here=$(cd "$(dirname "$0")/../.." && pwd)
cli=(node --import tsx "$here/server/src/cli.ts")
[ -f "$here/dist/cli.js" ] && [ "${USE_SOURCES:-}" != 1 ] && cli=(node "$here/dist/cli.js")
declare -A histories=(
  [indico]="indico+indico/indico/migrations"
  [prefect]="PrefectHQ+prefect/src/prefect/server/database/_migrations|versions/postgresql"
  [warehouse]="pypi+warehouse/warehouse/migrations"
  [h]="hypothesis+h/h/migrations"
  [copr]="fedora-copr+copr/frontend/coprs_frontend/alembic"
  [faraday]="infobyte+faraday/faraday/migrations"
  [quay]="quay+quay/data/migrations"
  [ckan]="ckan+ckan/ckan/migration"
  [ctfd]="CTFd+CTFd/migrations"
  [redash]="getredash+redash/migrations"
  [mealie]="mealie-recipes+mealie/alembic"
  [keystone]="openstack+keystone/keystone/common/sql/migrations|recursive"
  [neutron]="openstack+neutron/neutron/db/migration/alembic_migrations|recursive"
  [polar]="polarsource+polar/server/migrations"
  [zou]="cgwire+zou/zou/migrations"
  [lemur]="Netflix+lemur/lemur/migrations"
  [bodhi]="fedora-infra+bodhi/bodhi-server/bodhi/server/migrations"
  [dispatch]="Netflix+dispatch/src/dispatch/database/revisions/tenant"
  [dispatch-core]="Netflix+dispatch/src/dispatch/database/revisions/core"
  [jupyterhub]="jupyterhub+jupyterhub/jupyterhub/alembic"
  [rucio]="rucio+rucio/lib/rucio/db/sqla/migrate_repo"
  [octavia]="openstack+octavia/octavia/db/migration/alembic_migrations"
  [onyx]="onyx-dot-app+onyx/backend/alembic"
  [onyx-tenants]="onyx-dot-app+onyx/backend/alembic_tenants"
  [manila]="openstack+manila/manila/db/migrations/alembic"
  [letta]="letta-ai+letta/alembic"
  [fides]="ethyca+fides/src/fides/api/alembic/migrations"
  [phoenix]="Arize-ai+phoenix/src/phoenix/db/migrations"
  [anitya]="fedora-infra+anitya/anitya/db/migrations"
  [fief]="fief-dev+fief/fief/alembic"
  [ironic]="openstack+ironic/ironic/db/sqlalchemy/alembic"
  [privacyidea]="privacyidea+privacyidea/privacyidea/migrations"
  [meltano]="meltano+meltano/src/meltano/migrations"
  [aiida]="aiidateam+aiida-core/src/aiida/storage/psql_dos/migrations"
  [buildbot]="buildbot+buildbot/master/buildbot/db/migrations"
  [mailu]="Mailu+Mailu/core/admin/migrations"
  [pdnsadmin]="PowerDNS-Admin+PowerDNS-Admin/migrations"
  [securedrop]="freedomofpress+securedrop/securedrop/alembic"
  [ihatemoney]="spiral-project+ihatemoney/ihatemoney/migrations"
  [condastore]="conda-incubator+conda-store/conda-store-server/conda_store_server/_internal/alembic"
  [openoversight]="lucyparsons+OpenOversight/OpenOversight/migrations"
  [pybossa]="Scifabric+pybossa/alembic"
  [glance]="openstack+glance/glance/db/sqlalchemy/alembic_migrations"
  [magnum]="openstack+magnum/magnum/db/sqlalchemy/alembic"
  [barbican]="openstack+barbican/barbican/model/migration/alembic_migrations"
  [mirrormanager2]="fedora-infra+mirrormanager2/mirrormanager2/lib/migrations"
  [datanommer]="fedora-infra+datanommer/datanommer.models/datanommer/models/alembic"
  [keep]="keephq+keep/keep/api/models/db/migrations"
  [gnocchi]="gnocchixyz+gnocchi/gnocchi/indexer/alembic"
  [designate]="openstack+designate/designate/storage/sqlalchemy/alembic"
  [placement]="openstack+placement/placement/db/sqlalchemy/alembic"
  [nova-main]="openstack+nova/nova/db/main/migrations"
  [nova-api]="openstack+nova/nova/db/api/migrations"
  [cinder]="openstack+cinder/cinder/db/migrations"
  [heat]="openstack+heat/heat/db/migrations"
  [mage]="mage-ai+mage-ai/mage_ai/orchestration/db/migrations"
  [funnel]="hasgeek+funnel/migrations"
  [timesketch]="google+timesketch/timesketch/migrations"
  [tacker]="openstack+tacker/tacker/db/migration/alembic_migrations"
  [aodh]="openstack+aodh/aodh/storage/sqlalchemy/alembic"
  [watcher]="openstack+watcher/watcher/db/sqlalchemy/alembic"
  [mistral]="openstack+mistral/mistral/db/sqlalchemy/migration/alembic_migrations"
  [security_monkey]="Netflix+security_monkey/migrations"
  [mwdb]="CERT-Polska+mwdb-core/mwdb/model/migrations"
  [blazar]="openstack+blazar/blazar/db/migration/alembic_migrations"
  [masakari]="openstack+masakari/masakari/db/sqlalchemy/migrations"
  [zun]="openstack+zun/zun/db/sqlalchemy/alembic"
  [cloudkitty]="openstack+cloudkitty/cloudkitty/db/sqlalchemy/alembic"
  [networking-sfc]="openstack+networking-sfc/networking_sfc/db/migration/alembic_migrations"
)
export ALEMBIC_LENS_CACHE_DIR=$(mktemp -d)
trap 'rm -rf "$ALEMBIC_LENS_CACHE_DIR"' EXIT
for name in "${!histories[@]}"; do
  spec=${histories[$name]}; dir="$checkouts/${spec%%|*}"; extra=""
  [ -d "$dir" ] || { echo "skipped $name: $dir is missing" >&2; continue; }
  case "$spec" in
    *"|recursive") extra="recursive_version_locations = true" ;;
    *"|versions/"*) extra="version_locations = $dir/${spec#*|}" ;;
  esac
  mkdir -p "$out/$name"
  printf '[alembic]\nscript_location = %s\n%s\n' "$dir" "$extra" > "$out/$name/alembic.ini"
  "${cli[@]}" coverage --json "$out/$name" > "$out/coverage-$name.json"
  "${cli[@]}" coverage "$out/$name" > "$out/coverage-$name.txt" || true
  echo "$name: $(head -1 "$out/coverage-$name.txt" | sed 's/^[^:]*: //')"
done
