# Stand-in for quay's data/migrations/env.py, offline: upgrade(op, tables, tester) receives the
# tester get_tester() picks (NoopTester unless TEST_MIGRATE is "true"); tables is not passed
# (the check skips revisions that use it: the engine leaves them opaque).
import os

from alembic import context
from alembic import op as alembic_op

from data.migrations.tester import NoopTester, PopulateTestDataTester


def get_tester():
    if os.environ.get("TEST_MIGRATE", "") == "true":
        return PopulateTestDataTester()
    return NoopTester()


context.run_migrations(op=alembic_op, tester=get_tester())
