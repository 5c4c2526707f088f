#!/bin/bash
# Runs check-against-alembic.ts (every understood function through Alembic 1.20 offline) on the
# histories docs/coverage.md reports, upgrade and downgrade, and prints one line each (keep, a
# SQLModel project, with SQLMODEL_PYTHON's Alembic when set: test/setup/sqlmodel-venv.sh).
# Usage: ALEMBIC_PYTHON=... test/corpus/check-all.sh CHECKOUTS OUT
#   CHECKOUTS holds one folder per repository, named owner+name (as measure-coverage.sh);
#   OUT receives <history>/check-<direction>.txt with the differences and refusals.
# ckan runs next to an alembic.ini (its helper reads op.get_context().config), indico next to the
# test/fixtures/corpus/indico-naming stand-ins (its env.py's target_metadata); the others with the
# checkout itself (polar, bodhi, dispatch, rucio and onyx: the folder holding their package) first on sys.path and no env.py (SQLAlchemy's default naming convention).
# quay runs next to test/corpus/quay-env.py (its env.py's offline choice of tester, which the
# recorder passes to upgrade()); quay's tester module imports six: put it on PYTHONPATH, or the
# revisions that use the tester are refused (could not be loaded). phoenix runs next to
# test/corpus/phoenix-env.py (its env.py's naming convention; the real one imports the application),
# monasca next to test/corpus/monasca-env.py (the convention its env.py sets on target_metadata).
set -euo pipefail
checkouts=$(cd "$1" && pwd); out=$2; mkdir -p "$out"
here=$(cd "$(dirname "$0")/../.." && pwd)
: "${ALEMBIC_PYTHON:?ALEMBIC_PYTHON must point at a Python with alembic 1.20}"
ckan_root=$(mktemp -d); trap 'rm -rf "$ckan_root"' EXIT
ln -s "$checkouts/ckan+ckan/ckan" "$ckan_root/ckan"
printf '[alembic]\nscript_location = %s\n' "$checkouts/ckan+ckan/ckan/migration" > "$ckan_root/alembic.ini"
quay_root=$(mktemp -d); trap 'rm -rf "$ckan_root" "$quay_root"' EXIT
for entry in "$checkouts/quay+quay"/*; do ln -s "$entry" "$quay_root/$(basename "$entry")"; done
cp "$here/test/corpus/quay-env.py" "$quay_root/env.py"
phoenix_root=$(mktemp -d); trap 'rm -rf "$ckan_root" "$quay_root" "$phoenix_root"' EXIT
cp "$here/test/corpus/phoenix-env.py" "$phoenix_root/env.py"
monasca_root=$(mktemp -d); trap 'rm -rf "$ckan_root" "$quay_root" "$phoenix_root" "$monasca_root"' EXIT
cp "$here/test/corpus/monasca-env.py" "$monasca_root/env.py"
histories=(
  "indico|indico+indico/indico/migrations/versions|$here/test/fixtures/corpus/indico-naming"
  "prefect|PrefectHQ+prefect/src/prefect/server/database/_migrations/versions/postgresql|"
  "warehouse|pypi+warehouse/warehouse/migrations/versions|"
  "h|hypothesis+h/h/migrations/versions|"
  "copr|fedora-copr+copr/frontend/coprs_frontend/alembic/versions|"
  "faraday|infobyte+faraday/faraday/migrations/versions|"
  "quay|quay+quay/data/migrations/versions|$quay_root"
  "ckan|ckan+ckan/ckan/migration/versions|$ckan_root"
  "ctfd|CTFd+CTFd/migrations/versions|"
  "redash|getredash+redash/migrations/versions|"
  "mealie|mealie-recipes+mealie/alembic/versions|"
  "keystone|openstack+keystone/keystone/common/sql/migrations/versions|"
  "neutron|openstack+neutron/neutron/db/migration/alembic_migrations/versions|"
  "polar|polarsource+polar/server/migrations/versions|polarsource+polar/server"
  "zou|cgwire+zou/zou/migrations/versions|"
  "lemur|Netflix+lemur/lemur/migrations/versions|"
  "bodhi|fedora-infra+bodhi/bodhi-server/bodhi/server/migrations/versions|fedora-infra+bodhi/bodhi-server"
  "dispatch|Netflix+dispatch/src/dispatch/database/revisions/tenant/versions|Netflix+dispatch/src"
  "dispatch-core|Netflix+dispatch/src/dispatch/database/revisions/core/versions|Netflix+dispatch/src"
  "jupyterhub|jupyterhub+jupyterhub/jupyterhub/alembic/versions|"
  "rucio|rucio+rucio/lib/rucio/db/sqla/migrate_repo/versions|rucio+rucio/lib"
  "octavia|openstack+octavia/octavia/db/migration/alembic_migrations/versions|"
  "onyx|onyx-dot-app+onyx/backend/alembic/versions|onyx-dot-app+onyx/backend"
  "onyx-tenants|onyx-dot-app+onyx/backend/alembic_tenants/versions|onyx-dot-app+onyx/backend"
  "manila|openstack+manila/manila/db/migrations/alembic/versions|"
  "letta|letta-ai+letta/alembic/versions|"
  "fides|ethyca+fides/src/fides/api/alembic/migrations/versions|ethyca+fides/src"
  "phoenix|Arize-ai+phoenix/src/phoenix/db/migrations/versions|$phoenix_root"
  "anitya|fedora-infra+anitya/anitya/db/migrations/versions|"
  "fief|fief-dev+fief/fief/alembic/versions|"
  "ironic|openstack+ironic/ironic/db/sqlalchemy/alembic/versions|"
  "privacyidea|privacyidea+privacyidea/privacyidea/migrations/versions|"
  "meltano|meltano+meltano/src/meltano/migrations/versions|meltano+meltano/src"
  "aiida|aiidateam+aiida-core/src/aiida/storage/psql_dos/migrations/versions|aiidateam+aiida-core/src"
  "buildbot|buildbot+buildbot/master/buildbot/db/migrations/versions|buildbot+buildbot/master"
  "mailu|Mailu+Mailu/core/admin/migrations/versions|Mailu+Mailu/core/admin"
  "pdnsadmin|PowerDNS-Admin+PowerDNS-Admin/migrations/versions|"
  "securedrop|freedomofpress+securedrop/securedrop/alembic/versions|freedomofpress+securedrop/securedrop"
  "ihatemoney|spiral-project+ihatemoney/ihatemoney/migrations/versions|"
  "condastore|conda-incubator+conda-store/conda-store-server/conda_store_server/_internal/alembic/versions|conda-incubator+conda-store/conda-store-server"
  "openoversight|lucyparsons+OpenOversight/OpenOversight/migrations/versions|"
  "pybossa|Scifabric+pybossa/alembic/versions|"
  "glance|openstack+glance/glance/db/sqlalchemy/alembic_migrations/versions|"
  "magnum|openstack+magnum/magnum/db/sqlalchemy/alembic/versions|"
  "barbican|openstack+barbican/barbican/model/migration/alembic_migrations/versions|"
  "mirrormanager2|fedora-infra+mirrormanager2/mirrormanager2/lib/migrations/versions|"
  "datanommer|fedora-infra+datanommer/datanommer.models/datanommer/models/alembic/versions|fedora-infra+datanommer/datanommer.models"
  "keep|keephq+keep/keep/api/models/db/migrations/versions|keephq+keep|${SQLMODEL_PYTHON:-$ALEMBIC_PYTHON}"
  "gnocchi|gnocchixyz+gnocchi/gnocchi/indexer/alembic/versions|gnocchixyz+gnocchi"
  "designate|openstack+designate/designate/storage/sqlalchemy/alembic/versions|openstack+designate"
  "placement|openstack+placement/placement/db/sqlalchemy/alembic/versions|openstack+placement"
  "nova-main|openstack+nova/nova/db/main/migrations/versions|openstack+nova"
  "nova-api|openstack+nova/nova/db/api/migrations/versions|openstack+nova"
  "cinder|openstack+cinder/cinder/db/migrations/versions|openstack+cinder"
  "heat|openstack+heat/heat/db/migrations/versions|openstack+heat"
  "mage|mage-ai+mage-ai/mage_ai/orchestration/db/migrations/versions|mage-ai+mage-ai"
  "funnel|hasgeek+funnel/migrations/versions|hasgeek+funnel"
  "timesketch|google+timesketch/timesketch/migrations/versions|google+timesketch"
  "tacker|openstack+tacker/tacker/db/migration/alembic_migrations/versions|openstack+tacker"
  "aodh|openstack+aodh/aodh/storage/sqlalchemy/alembic/versions|openstack+aodh"
  "watcher|openstack+watcher/watcher/db/sqlalchemy/alembic/versions|openstack+watcher"
  "mistral|openstack+mistral/mistral/db/sqlalchemy/migration/alembic_migrations/versions|openstack+mistral"
  "security_monkey|Netflix+security_monkey/migrations/versions|Netflix+security_monkey"
  "mwdb|CERT-Polska+mwdb-core/mwdb/model/migrations/versions|CERT-Polska+mwdb-core"
  "blazar|openstack+blazar/blazar/db/migration/alembic_migrations/versions|openstack+blazar"
  "masakari|openstack+masakari/masakari/db/sqlalchemy/migrations/versions|openstack+masakari"
  "zun|openstack+zun/zun/db/sqlalchemy/alembic/versions|openstack+zun"
  "cloudkitty|openstack+cloudkitty/cloudkitty|openstack+cloudkitty"
  "networking-sfc|openstack+networking-sfc/networking_sfc/db/migration/alembic_migrations/versions|openstack+networking-sfc"
  "invenio-accounts|inveniosoftware+invenio-accounts/invenio_accounts/alembic|inveniosoftware+invenio-accounts"
  "trove|openstack+trove/trove/db/sqlalchemy/migrations/versions|openstack+trove"
  "ironic-inspector|openstack+ironic-inspector/ironic_inspector/db/migrations/versions|openstack+ironic-inspector"
  "realworld|nsidnev+fastapi-realworld-example-app/app/db/migrations/versions|nsidnev+fastapi-realworld-example-app"
  "sqlmodel-tutorial|testdrivenio+fastapi-sqlmodel-alembic/project/migrations/versions|testdrivenio+fastapi-sqlmodel-alembic/project|${SQLMODEL_PYTHON:-$ALEMBIC_PYTHON}"
  "invenio-oauthclient|inveniosoftware+invenio-oauthclient/invenio_oauthclient/alembic|inveniosoftware+invenio-oauthclient"
  "neutron-vpnaas|openstack+neutron-vpnaas/neutron_vpnaas/db/migration/alembic_migrations/versions|openstack+neutron-vpnaas"
  "pgadmin4|pgadmin-org+pgadmin4/web/migrations/versions|pgadmin-org+pgadmin4/web"
  "monasca|openstack+monasca-api/monasca_api/db/alembic/versions|$monasca_root"
  "bgpvpn|openstack+networking-bgpvpn/networking_bgpvpn/neutron/db/migration/alembic_migrations/versions|openstack+networking-bgpvpn"
  "dynamic-routing|openstack+neutron-dynamic-routing/neutron_dynamic_routing/db/migration/alembic_migrations/versions|openstack+neutron-dynamic-routing"
  "freight|getsentry+freight/migrations/versions|getsentry+freight"
  "neutron-fwaas|openstack+neutron-fwaas/neutron_fwaas/db/migration/alembic_migrations/versions|openstack+neutron-fwaas"
  "invenio-files-rest|inveniosoftware+invenio-files-rest/invenio_files_rest/alembic|inveniosoftware+invenio-files-rest"
  "invenio-access|inveniosoftware+invenio-access/invenio_access/alembic|inveniosoftware+invenio-access"
  "taas|openstack+tap-as-a-service/neutron_taas/db/migration/alembic_migration/versions|openstack+tap-as-a-service"
  "hasjob|hasgeek+hasjob/migrations/versions|hasgeek+hasjob"
  "aleph|alephdata+aleph/aleph/migrate/versions|alephdata+aleph"
  "ichnaea|mozilla+ichnaea/ichnaea/alembic/versions|mozilla+ichnaea"
  "microblog|miguelgrinberg+microblog/migrations/versions|miguelgrinberg+microblog"
  "zaqar|openstack+zaqar/zaqar/storage/sqlalchemy/migration/alembic_migrations/versions|openstack+zaqar"
  "invenio-records|inveniosoftware+invenio-records/invenio_records/alembic|inveniosoftware+invenio-records"
  "invenio-pidstore|inveniosoftware+invenio-pidstore/invenio_pidstore/alembic|inveniosoftware+invenio-pidstore"
  "notify|alphagov+notifications-api/migrations/versions|alphagov+notifications-api"
  "cds-notify|cds-snc+notification-api/migrations/versions|cds-snc+notification-api"
  "gsa-notify|GSA+notifications-api/migrations/versions|GSA+notifications-api"
  "digital-marketplace|alphagov+digitalmarketplace-api/migrations/versions|alphagov+digitalmarketplace-api"
  "insights-inventory|RedHatInsights+insights-host-inventory/migrations/versions|RedHatInsights+insights-host-inventory"
  "ros-backend|RedHatInsights+ros-backend/migrations/versions|RedHatInsights+ros-backend"
  "dstack|dstackai+dstack/src/dstack/_internal/server/migrations/versions|dstackai+dstack/src"
  "lms|hypothesis+lms/lms/migrations/versions|hypothesis+lms"
  "packit|packit+packit-service/alembic/versions|packit+packit-service"
  "thoth|thoth-station+storages/thoth/storages/data/alembic/versions|thoth-station+storages"
  "tasking-manager|hotosm+tasking-manager/migrations/versions|hotosm+tasking-manager"
  "bitcart|bitcart+bitcart/migrations/versions|bitcart+bitcart"
  "koschei|fedora-infra+koschei/alembic/versions|fedora-infra+koschei"
  "osparc|ITISFoundation+osparc-simcore/packages/postgres-database/src/simcore_postgres_database/migration/versions|ITISFoundation+osparc-simcore/packages/postgres-database/src"
  "mlrun|mlrun+mlrun/server/api/migrations/versions|mlrun+mlrun"
  "resultsdb|release-engineering+resultsdb/resultsdb/alembic/versions|release-engineering+resultsdb"
  "cyborg|openstack+cyborg/cyborg/db/sqlalchemy/alembic/versions|openstack+cyborg"
  "skyline|openstack+skyline-apiserver/skyline_apiserver/db/alembic/versions|openstack+skyline-apiserver"
  "freezer|openstack+freezer-api/freezer_api/db/sqlalchemy/migrations/versions|openstack+freezer-api"
)
for entry in "${histories[@]}"; do
  IFS='|' read -r name dir root python <<< "$entry"
  [ -d "$checkouts/$dir" ] || { echo "skipped $name: $checkouts/$dir is missing" >&2; continue; }
  if [ -z "$root" ]; then root="$checkouts/${dir%%/*}"; elif [ "${root#/}" = "$root" ]; then root="$checkouts/$root"; fi
  mkdir -p "$out/$name"
  for direction in upgrade downgrade; do
    result=$(ALEMBIC_PYTHON="${python:-$ALEMBIC_PYTHON}" OUT="$out/$name" node --import tsx "$here/test/corpus/check-against-alembic.ts" "$checkouts/$dir" "$root" "$direction" | tail -1)
    echo "$name $direction: $result"
  done
done
