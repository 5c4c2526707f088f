import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envPyFactsFor, readEnvPy } from '../../../server/src/python/envPy';
import { unknownSettingsOf, type OfflineEnvironment } from '../../../server/src/engine/offline/offlineSql';

test('literal keywords in every configure call are known with their location', () => {
  const text = [
    'from alembic import context',
    'SCHEMA = "audit"',
    'def offline():',
    '    context.configure(url=url, version_table="v", version_table_schema=SCHEMA, transaction_per_migration=True)',
    'def online():',
    '    context.configure(connection=c, version_table="v", version_table_schema=SCHEMA, transaction_per_migration=True)',
  ].join('\n');
  const facts = readEnvPy('/e/env.py', text);
  assert.deepEqual(facts.versionTable.state === 'literal' && facts.versionTable.value, 'v');
  assert.equal(facts.versionTable.state === 'literal' && facts.versionTable.location.range.start.line, 3);
  assert.deepEqual(facts.versionTableSchema.state === 'literal' && facts.versionTableSchema.value, 'audit');
  assert.deepEqual(facts.transactionPerMigration.state === 'literal' && facts.transactionPerMigration.value, true);
});

test('absent keywords take the defaults; no configure call at all too', () => {
  const facts = readEnvPy('/e/env.py', 'from alembic import context\ncontext.configure(url="x")\n');
  assert.deepEqual(facts.versionTable, { state: 'default', value: 'alembic_version' });
  assert.deepEqual(facts.versionTableSchema, { state: 'default', value: null });
  assert.deepEqual(facts.transactionPerMigration, { state: 'default', value: false });
  assert.deepEqual(readEnvPy('/e/env.py', '').versionTable, { state: 'default', value: 'alembic_version' });
});

test('expressions, **kwargs and disagreeing calls are unknown with a reason', () => {
  const expr = readEnvPy('/e/env.py', 'context.configure(version_table=settings.TABLE)\n');
  assert.equal(expr.versionTable.state, 'unknown');
  assert.match(expr.versionTable.state === 'unknown' ? expr.versionTable.reason : '', /settings\.TABLE/);
  const splat = readEnvPy('/e/env.py', 'context.configure(**opts)\n');
  assert.equal(splat.versionTableSchema.state, 'unknown');
  const disagree = readEnvPy('/e/env.py', 'context.configure(version_table="a")\ncontext.configure(version_table="b")\n');
  assert.equal(disagree.versionTable.state, 'unknown');
  const wrongType = readEnvPy('/e/env.py', 'context.configure(transaction_per_migration="yes")\n');
  assert.equal(wrongType.transactionPerMigration.state, 'unknown');
});

test('configure(**kwargs) with the dict built in the same function is read key by key (neutron sub-projects)', () => {
  const env = (offline: string): string =>
    [
      'from alembic import context',
      'LBAAS_VERSION_TABLE = "alembic_version_lbaas"',
      'def run_migrations_offline():',
      offline,
      '    context.configure(**kwargs)',
      'def run_migrations_online():',
      '    context.configure(connection=c, target_metadata=m, version_table=LBAAS_VERSION_TABLE)',
    ].join('\n');
  const built = readEnvPy('/e/env.py', env('    kwargs = dict()\n    if cfg.connection:\n        kwargs["url"] = cfg.connection\n    else:\n        kwargs["dialect_name"] = cfg.engine\n    kwargs["version_table"] = LBAAS_VERSION_TABLE'));
  assert.equal(built.versionTable.state === 'literal' && built.versionTable.value, 'alembic_version_lbaas');
  assert.deepEqual(built.transactionPerMigration, { state: 'default', value: false });
  // Set only under a condition, or the dict changed another way: not known.
  assert.equal(readEnvPy('/e/env.py', env('    kwargs = {}\n    if cfg.x:\n        kwargs["version_table"] = LBAAS_VERSION_TABLE')).versionTable.state, 'unknown');
  assert.equal(readEnvPy('/e/env.py', env('    kwargs = dict()\n    kwargs.update(extra)\n    kwargs["version_table"] = LBAAS_VERSION_TABLE')).versionTable.state, 'unknown');
  assert.equal(readEnvPy('/e/env.py', env('    kwargs = options()')).versionTable.state, 'unknown');
});

test('offline and online configure() calls are read apart: each mode has its own facts (warehouse sets transaction_per_migration online only)', () => {
  const text = [
    'from alembic import context',
    'def run_migrations_offline():',
    '    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)',
    'def run_migrations_online():',
    '    with engine.connect() as connection:',
    '        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)',
    '',
  ].join('\n');
  const facts = readEnvPy('/e/env.py', text);
  // Both calls together disagree, as before; each mode decides from its own call.
  assert.equal(facts.transactionPerMigration.state, 'unknown');
  assert.deepEqual(envPyFactsFor(facts, 'offline').transactionPerMigration, { state: 'default', value: false });
  assert.deepEqual(envPyFactsFor(facts, 'online').transactionPerMigration, { state: 'literal', value: true, location: (envPyFactsFor(facts, 'online').transactionPerMigration as { location: unknown }).location });
  // With only one kind of call, both modes read it.
  const onlineOnly = readEnvPy('/e/env.py', 'context.configure(connection=c, transaction_per_migration=True)\n');
  assert.equal(onlineOnly.modes, undefined);
  assert.equal(envPyFactsFor(onlineOnly, 'offline').transactionPerMigration.state, 'literal');
});

test("env.py's own transaction (engine.begin(), connection.begin()) is found, and the online mode runs one transaction then", () => {
  const begun = readEnvPy('/e/env.py', 'with connectable.begin() as connection:\n    context.configure(connection=connection, transaction_per_migration=True)\n    with context.begin_transaction():\n        context.run_migrations()\n');
  assert.deepEqual(begun.externalTransaction, { line: 1 });
  assert.deepEqual(envPyFactsFor(begun, 'online').transactionPerMigration, { state: 'default', value: false });
  assert.equal(envPyFactsFor(begun, 'offline').transactionPerMigration.state, 'literal');
  assert.deepEqual(readEnvPy('/e/env.py', 'with engine.connect() as connection:\n    trans = connection.begin()\n    context.configure(connection=connection)\n    context.run_migrations()\n')?.externalTransaction, { line: 2 });
  // The async template's variant: the connection is handed to a function that runs the migrations.
  const handed = 'def do_run_migrations(connection):\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n\n\nasync def run_async_migrations():\n    async with connectable.begin() as connection:\n        await connection.run_sync(do_run_migrations)\n';
  assert.deepEqual(readEnvPy('/e/env.py', handed)?.externalTransaction, { line: 8 });
  // A transaction of env.py's own that ends before the migrations are configured is not theirs.
  const before = 'with engine.connect() as connection:\n    with connection.begin():\n        connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n';
  assert.equal(readEnvPy('/e/env.py', before)?.externalTransaction, undefined);
  // The template: connect(), then Alembic's own begin_transaction(); a comment counts for nothing.
  const template = readEnvPy('/e/env.py', 'with connectable.connect() as connection:\n    # engine.begin() would differ\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n');
  assert.equal(template.externalTransaction, undefined);
});

test("configure() is read however env.py imported it, and other libraries' configure() is not", () => {
  const bare = readEnvPy('/e/env.py', 'from alembic.context import configure, run_migrations\nconfigure(url=u, version_table="faf_version", transaction_per_migration=True)\n');
  assert.deepEqual(bare.versionTable.state === 'literal' && bare.versionTable.value, 'faf_version');
  assert.deepEqual(bare.transactionPerMigration.state === 'literal' && bare.transactionPerMigration.value, true);
  const aliased = readEnvPy('/e/env.py', 'from alembic.context import (\n    configure as cfg,\n)\ncfg(url=u, version_table="t2")\n');
  assert.deepEqual(aliased.versionTable.state === 'literal' && aliased.versionTable.value, 't2');
  const module = readEnvPy('/e/env.py', 'from alembic import context as ctx2\nctx2.configure(url=u, version_table="t3")\n');
  assert.deepEqual(module.versionTable.state === 'literal' && module.versionTable.value, 't3');
  // MigrationContext.configure(connection) reads the current revision; Session.configure binds a session.
  const others = readEnvPy('/e/env.py', 'from alembic import context\nfrom alembic.migration import MigrationContext\nMigrationContext.configure(conn, opts={"version_table": "x"})\nSession.configure(bind=engine)\nconfigure(version_table="y")\ncontext.configure(url=u)\n');
  assert.deepEqual(others.versionTable, { state: 'default', value: 'alembic_version' });
});

test('a parenthesised import from alembic.context with comments between the names', () => {
  const text = 'from alembic.context import (  # what env.py uses\n    begin_transaction,  # the transaction\n    configure as setup,  # options\n)\nsetup(url=u, version_table="commented")\n';
  const facts = readEnvPy('/e/env.py', text);
  assert.deepEqual(facts.versionTable.state === 'literal' && facts.versionTable.value, 'commented');
});

test('version settings read from alembic.ini or the environment are followed; anything else stays unknown', () => {
  const ini = (section: string | undefined, name: string) => (section === 'app' && name === 'schema' ? { value: 'reg' } : section === undefined && name === 'table' ? { value: 'versions' } : section === 'missing' ? { unknown: 'no such section' } : ('absent' as const));
  const variables: Record<string, string> = { SCHEMA: 'from_env' };
  const inputs = { configOption: ini, environmentVariable: (name: string) => variables[name] };
  const schemaOf = (body: string, header = 'import os\nfrom alembic import context\nconfig = context.config\n') => readEnvPy('/e/env.py', `${header}\n\ndef run():\n${body}\n`, inputs).versionTableSchema;
  assert.deepEqual(schemaOf('    context.configure(url="x", version_table_schema=config.get_section_option("app", "schema"))').state, 'literal');
  assert.equal((schemaOf('    schema = config.get_section_option("app", "schema")\n    context.configure(url="x", version_table_schema=schema)') as { value: string }).value, 'reg');
  assert.equal((schemaOf('    with x() as y:\n        schema = context.config.get_main_option("table")\n        context.configure(url="x", version_table_schema=schema)') as { value: string }).value, 'versions');
  // Absent: the call's default, or None.
  assert.equal((schemaOf('    context.configure(url="x", version_table_schema=config.get_main_option("nope", "dflt"))') as { value: string }).value, 'dflt');
  assert.equal((schemaOf('    context.configure(url="x", version_table_schema=config.get_main_option("nope"))') as { value: string | null }).value, null);
  assert.equal(schemaOf('    context.configure(url="x", version_table_schema=config.get_section_option("missing", "schema"))').state, 'unknown');
  // The environment: set, unset with and without a default, os.environ[...] unset (KeyError).
  assert.equal((schemaOf('    context.configure(url="x", version_table_schema=os.environ.get("SCHEMA", "d"))') as { value: string }).value, 'from_env');
  assert.equal((schemaOf('    context.configure(url="x", version_table_schema=os.getenv("UNSET", "d"))') as { value: string }).value, 'd');
  assert.equal((schemaOf('    context.configure(url="x", version_table_schema=os.environ["SCHEMA"])') as { value: string }).value, 'from_env');
  assert.equal(schemaOf('    context.configure(url="x", version_table_schema=os.environ["UNSET"])').state, 'unknown');
  // Not followed: a name assigned under an if or twice, a config that is not Alembic's, os not imported.
  assert.equal(schemaOf('    if a:\n        schema = config.get_main_option("table")\n    context.configure(url="x", version_table_schema=schema)').state, 'unknown');
  assert.equal(schemaOf('    schema = config.get_main_option("table")\n    schema = "b"\n    context.configure(url="x", version_table_schema=schema)').state, 'unknown');
  assert.equal(schemaOf('    context.configure(url="x", version_table_schema=config.get_main_option("table"))', 'from alembic import context\nconfig = load_settings()\n').state, 'unknown');
  assert.equal(schemaOf('    context.configure(url="x", version_table_schema=os.getenv("SCHEMA"))', 'from alembic import context\n').state, 'unknown');
});

test('configure(**kwargs) of a module-level dict is read key by key; one used any other way is not (datalens)', () => {
  const env = (prelude: string): string =>
    ['from alembic import context', prelude, 'def run_migrations_offline():', '    context.configure(url=url, literal_binds=True, **context_kwargs)', 'def run_migrations_online():', '    context.configure(connection=c, **context_kwargs)'].join('\n');
  const literal = (text: string): unknown => {
    const facts = readEnvPy('/e/env.py', text);
    return facts.versionTable.state === 'literal' ? facts.versionTable.value : facts.versionTable.state;
  };
  assert.equal(literal(env('context_kwargs = dict(version_table="dls_alembic_version", compare_type=True)')), 'dls_alembic_version');
  assert.equal(literal(env('context_kwargs = {"compare_type": True}\ncontext_kwargs["version_table"] = "svc_version"')), 'svc_version');
  const facts = readEnvPy('/e/env.py', env('context_kwargs = {"transaction_per_migration": True}'));
  assert.equal(facts.transactionPerMigration.state === 'literal' && facts.transactionPerMigration.value, true);
  assert.deepEqual(facts.versionTable, { state: 'default', value: 'alembic_version' });
  // Changed by a method, set under a condition, passed on, made twice, or unpacking another dict: not known.
  assert.equal(literal(env('context_kwargs = {}\ncontext_kwargs.update(version_table="x")')), 'unknown');
  assert.equal(literal(env('context_kwargs = {}\nif flag:\n    context_kwargs["version_table"] = "x"')), 'unknown');
  assert.equal(literal(env('context_kwargs = {}\nsetup(context_kwargs)')), 'unknown');
  assert.equal(literal(env('context_kwargs = {}\ncontext_kwargs = {"version_table": "x"}')), 'unknown');
  assert.equal(literal(env('context_kwargs = {**BASE, "version_table": "x"}')), 'unknown');
  assert.equal(literal(env('context_kwargs = make_kwargs()')), 'unknown');
});

test('a version table computed from env.py\'s path and known strings is known; a computation Python refuses is not (CKAN)', () => {
  const table = (lines: string[], scriptLocation?: string): unknown => {
    const facts = readEnvPy('/repo/ckanext/harvest/migration/harvest/env.py', ['from alembic import context', 'import os', ...lines].join('\n'), { scriptLocation });
    return facts.versionTable.state === 'literal' ? facts.versionTable.value : facts.versionTable.state;
  };
  const ckan = 'name = os.path.basename(os.path.dirname(__file__))';
  assert.equal(table([ckan, "context.configure(url=u, version_table=u'{}_alembic_version'.format(name))"]), 'harvest_alembic_version');
  // __file__ is script_location as written joined with env.py: "." makes it "./env.py".
  assert.equal(table([ckan, "context.configure(url=u, version_table='{0}_v'.format(name))"], '.'), '._v');
  assert.equal(table([ckan, "context.configure(url=u, version_table=name + '_v')"], 'migration/harvest/'), 'harvest_v');
  assert.equal(table([ckan, "context.configure(url=u, version_table='%s_%%_v' % (name,))"]), 'harvest_%_v');
  assert.equal(table([ckan, "context.configure(url=u, version_table=f'{name}_v')"]), 'harvest_v');
  // Python raises on these: IndexError, mixed numbering, arguments left over, an unknown conversion.
  assert.equal(table([ckan, "context.configure(url=u, version_table='{}{}'.format(name))"]), 'unknown');
  assert.equal(table([ckan, "context.configure(url=u, version_table='{}{0}'.format(name))"]), 'unknown');
  assert.equal(table([ckan, "context.configure(url=u, version_table='%s' % (name, name))"]), 'unknown');
  assert.equal(table([ckan, "context.configure(url=u, version_table='%d' % name)"]), 'unknown');
  // Without `import os`, os is not known to be the standard module.
  assert.equal(readEnvPy('/e/env.py', `from alembic import context\n${ckan}\ncontext.configure(url=u, version_table=name)`).versionTable.state, 'unknown');
});

test('an env.py that leaves configure() and run_migrations() to a library says so, and the plan warns that defaults are assumed (sourcehut, Synerty)', async () => {
  const { planSettingsOf } = await import('../../../server/src/engine/offline/offlineSql');
  const sourcehut = readEnvPy('/e/env.py', 'import gitsrht.types\nfrom srht.database import alembic_env\nalembic_env()\n');
  assert.deepEqual(sourcehut.configuredElsewhere, { line: 3, call: 'alembic_env()' });
  const synerty = readEnvPy('/e/env.py', 'from logging.config import fileConfig\nfrom peek_plugin_base.storage.AlembicEnvBase import AlembicEnvBase\nfileConfig("x.ini")\nloadStorageTuples()\nalembicEnv = AlembicEnvBase(metadata)\nalembicEnv.run()\n');
  // The last call statement, the one that runs the migrations (not the loader of the models before it).
  assert.deepEqual(synerty.configuredElsewhere, { line: 6, call: 'alembicEnv.run()' });
  const warnings: string[] = [];
  const settings = planSettingsOf({ config: { envPy: sourcehut } } as unknown as Parameters<typeof planSettingsOf>[0], warnings);
  assert.deepEqual(settings.versionTable, { name: 'alembic_version', schema: null });
  assert.match(warnings.join('\n'), /env\.py calls no context\.configure\(\) itself: `alembic_env\(\)` \(line 3\) configures Alembic in code the engine does not read/);
  // env.py that runs the migrations itself (configure() from an imported name counts as configure) is not flagged.
  assert.equal(readEnvPy('/e/env.py', 'from alembic import context\ncontext.configure(url="x")\ncontext.run_migrations()\n').configuredElsewhere, undefined);
  assert.equal(readEnvPy('/e/env.py', 'from alembic import context\nsetup()\ncontext.run_migrations()\n').configuredElsewhere, undefined);
});

test('None is a value: version_table_schema=None, or an option read as None, is known (it was refused as not a literal)', () => {
  const explicit = readEnvPy('/e/env.py', 'from alembic import context\ncontext.configure(url=u, version_table_schema=None)\n');
  assert.equal(explicit.versionTableSchema.state, 'literal');
  assert.equal(explicit.versionTableSchema.state === 'literal' && explicit.versionTableSchema.value, null);
  const absentOption = readEnvPy('/e/env.py', 'from alembic import context\nconfig = context.config\ndef run_migrations_offline():\n    schema = config.get_main_option("schema")\n    context.configure(url=u, version_table_schema=schema)\n', { configOption: () => 'absent' });
  assert.equal(absentOption.versionTableSchema.state, 'literal');
  assert.equal(absentOption.versionTableSchema.state === 'literal' && absentOption.versionTableSchema.value, null);
});

test('context.execute() in env.py is found with its line, for the mode of the function it is in (held-out sweep GM)', () => {
  const text = [
    'from alembic import context as ctx',
    'def offline():',
    '    ctx.configure(url="postgresql://")',
    '    with ctx.begin_transaction():',
    '        ctx.execute("SET search_path TO app")',
    '        ctx.run_migrations()',
    'def online():',
    '    ctx.configure(connection=connection)',
    '    ctx.execute("SET lock_timeout = 1000")',
    'def helper():',
    '    ctx.execute("SELECT 1")',
  ].join('\n');
  assert.deepEqual(readEnvPy('/e/env.py', text).ownSql, { offline: 5, online: 9 });
  assert.deepEqual(readEnvPy('/e/env.py', text.split('\n').slice(0, 9).join('\n')).ownSql, { offline: 5, online: 9 });
  assert.deepEqual(readEnvPy('/e/env.py', text.split('\n').slice(0, 6).join('\n')).ownSql, { offline: 5 });
  // Not Alembic's context: a connection's execute() and a method of another object.
  assert.equal(readEnvPy('/e/env.py', 'from alembic import context\nconnection.execute(text("SET x = 1"))\nsession.context.execute_later()\n').ownSql, undefined);
  // Outside any function with a configure() call: both modes.
  assert.deepEqual(readEnvPy('/e/env.py', text.split('\n').slice(0, 1).concat(text.split('\n').slice(9)).join('\n')).ownSql, { offline: 3, online: 3 });
  // Each mode refuses to print or run when its env.py path emits SQL of its own.
  const onlineOnly = { config: { envPy: readEnvPy('/e/env.py', text.split('\n').slice(0, 9).join('\n').replace('        ctx.execute("SET search_path TO app")\n', '')) } } as unknown as OfflineEnvironment;
  assert.equal(unknownSettingsOf(onlineOnly, 'offline'), undefined);
  assert.match(unknownSettingsOf(onlineOnly, 'online') ?? '', /env\.py runs SQL of its own with context\.execute\(\) \(line 8\), which Alembic runs around/);
});

test("SQL env.py runs on its connection before configure: followed in the shapes whose effect is Alembic's, refused with the line otherwise", () => {
  const online = (body: string, prelude = ''): string =>
    `from alembic import context\nfrom sqlalchemy import text\nimport sqlalchemy as sa\n${prelude}\ndef run_migrations_online():\n    with engine.connect() as connection:\n${body}        context.configure(connection=connection)\n        with context.begin_transaction():\n            context.run_migrations()\n`;
  const read = (text: string) => readEnvPy('/e/env.py', text).connectionSql;
  assert.equal(read(online('')), undefined);
  assert.deepEqual(read(online('        connection.execute(sa.text(f"SET search_path TO {SCHEMA}, public"))\n        connection.exec_driver_sql("SET lock_timeout = \'5s\'")\n        connection.commit()\n', 'SCHEMA = "app"\n')), {
    kind: 'followed',
    statements: [
      { line: 8, sql: 'SET search_path TO app, public' },
      { line: 9, sql: "SET lock_timeout = '5s'" },
    ],
  });
  const refusals: [string, RegExp, number?][] = [
    // SQLAlchemy 2 refuses a plain string in execute() (ObjectNotExecutableError).
    [online('        connection.execute("SET search_path TO app")\n        connection.commit()\n'), /not text\("\.\.\."\) of a string known statically/],
    [online('        connection.execute(text("SET search_path TO :schema"), {"schema": "app"})\n        connection.commit()\n'), /other than one statement/],
    [online('        connection.execute(text("SELECT :x"))\n        connection.commit()\n'), /bind parameter/],
    [online('        connection.execute(text(sql_from_somewhere))\n        connection.commit()\n'), /is not known statically/],
    [online('        connection.commit()\n        connection.execute(text("SET search_path TO app"))\n'), /not among the statements at the start/, 8],
    [online('        if use_app:\n            connection.execute(text("SET search_path TO app"))\n        connection.commit()\n'), /not among the statements at the start/, 8],
    [online('        connection.execute(text("SET search_path TO app"))\n'), /no connection\.commit\(\) follows it/],
  ];
  for (const [text, reason, line = 7] of refusals) {
    const found = read(text);
    assert.equal(found?.kind, 'refused', text);
    assert.equal(found?.kind === 'refused' && found.line, line, text);
    assert.match(found?.kind === 'refused' ? found.reason : '', reason, text);
  }
  // In a helper given the connection (the async template's do_run_migrations): refused.
  const helper = 'from alembic import context\nfrom sqlalchemy import text\n\ndef do_run_migrations(connection):\n    connection.execute(text("SET search_path TO app"))\n    context.configure(connection=connection)\n    with context.begin_transaction():\n        context.run_migrations()\n';
  const inHelper = read(helper);
  assert.equal(inHelper?.kind === 'refused' && inHelper.line, 5);
  assert.match(inHelper?.kind === 'refused' ? inHelper.reason : '', /not at the start of a `with <engine>\.connect\(\) as connection:`/);
  // Only online: `--sql` never runs the function that opens the connection.
  const environment = { config: { envPy: readEnvPy('/e/env.py', online('        connection.execute(text("SET search_path TO app"))\n')) } } as unknown as OfflineEnvironment;
  assert.equal(unknownSettingsOf(environment, 'offline'), undefined);
  assert.match(unknownSettingsOf(environment, 'online') ?? '', /env\.py runs SQL on its connection before the migrations \(line 7\)/);
});
