"""Runs the alembic command line (heads, history, ...) with every import that cannot be found
answered by a permissive stand-in module, so that a public history's migration files load for the
graph commands without the application's dependencies installed (they import pydantic, oslo, the
application's own settings, ...). The stand-ins only let the module bodies run: revision,
down_revision, branch_labels and depends_on are literals in the histories checked this way.

    cd <folder with alembic.ini> && "$ALEMBIC_PYTHON" test/corpus/alembic-with-stubs.py heads
"""
import importlib.abc
import importlib.machinery
import sys
import types


class StandIn:
    """Any attribute, call, item or iteration of it gives another stand-in (or nothing)."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return StandIn()

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StandIn()

    def __getitem__(self, key):
        return StandIn()

    def __iter__(self):
        return iter(())

    def __mro_entries__(self, bases):
        return (object,)

    def __or__(self, other):
        return StandIn()


class StandInModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return StandIn()


class LastResortFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Consulted after every real finder: only imports nothing else can satisfy reach it."""

    def find_spec(self, fullname, path, target=None):
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


sys.meta_path.append(LastResortFinder())

from alembic.config import main  # noqa: E402

main(prog="alembic")
