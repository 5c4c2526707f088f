/**
 * The naming convention Alembic's operations use: Alembic builds every constraint and index of
 * `op.*` in a `MetaData` that copies `naming_convention` from the `target_metadata` env.py passes
 * to `context.configure()`. Read statically: env.py is found above the migration, the
 * `target_metadata=` it passes is followed through imports into the workspace to the
 * `MetaData(naming_convention=...)` call (a module constant, a declarative base's `metadata`
 * attribute, or `declarative_base(metadata=...)`), and the dict literal is read.
 *
 * No env.py, `target_metadata=None`, a list of MetaData (which has no `naming_convention`) or a
 * MetaData without the keyword give SQLAlchemy's default, `{"ix": "ix_%(column_0_label)s"}`.
 * Anything else that cannot be read is `unknown` with the reason; the operations that need a
 * convention then stay opaque rather than guess.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import { splatEntriesOf } from '../../../python/splatDict';
import { evaluate, evaluateArguments } from '../evaluate';
import { InterpreterState } from '../state';
import { plainAssignment, statementsOf } from '../statements';
import { classify } from '../symbols';
import type { Value } from '../values';
import type { ConventionEntries } from './conventionNames';
import { readTokenFunction, type TokenFunction } from './tokenFunctions';
import { configuredTargets, isContextConfigure, sameTarget, type ConfiguredTarget } from './configureModes';
import { anchoredName, lookupWorkspaceName, moduleScope, resolveFrom, type ModuleScope } from '../workspaceModules';
import { bindingsOf, readImport } from '../../../python/imports';
import { dependenciesUnchanged, isSitePackagesFile, resolveQualifiedName } from '../../../project/pythonModules';
import { stableAnswer, stableStretch } from '../../../common/stableFiles';
import { registeredEnvPyFor } from '../../../common/environmentScripts';
import { isSqlmodelClass, isSqlmodelMetadata, sqlmodelConvention } from './sqlmodelMetadata';
import { starImportSource } from '../starImports';
import { migrateCallFiles, migrateSearchDependencyPath, migrateSearchHash } from '../../../project/flaskMigrateSearch';

export type Convention = { kind: 'known'; templates: ConventionEntries; source: string } | { kind: 'unknown'; reason: string };

/** What `MetaData()` gets without `naming_convention=`. */
export const DEFAULT_TEMPLATES: ConventionEntries = { ix: 'ix_%(column_0_label)s' };
export const DEFAULT_CONVENTION: Convention = { kind: 'known', templates: DEFAULT_TEMPLATES, source: "SQLAlchemy's default" };

/**
 * `SQLModel.metadata`, found while following target_metadata: its convention depends on the
 * modules env.py loads (sqlmodelMetadata.ts), so conventionOfPassed settles it from env.py.
 */
const SQLMODEL_METADATA: Convention = { kind: 'unknown', reason: 'target_metadata is SQLModel.metadata' };

/** The convention of each mode: `--sql` runs env.py's offline configure(), a live run its online one. */
export interface ModeConventions {
  offline: Convention;
  online: Convention;
}

const both = (convention: Convention): ModeConventions => ({ offline: convention, online: convention });

/** How many folders above the migration env.py is looked for (versions/ or versions/<dialect>/ below it). */
const ENV_SEARCH_DEPTH = 4;
const MAX_HOPS = 10;

/** Conventions by env.py path, with the modules read to find them (valid while those are unchanged). */
const known = new Map<string, { conventions: ModeConventions; dependencies: Map<string, string>; checkedIn?: object }>();
const MAX_KNOWN = 100;

/** The conventions in effect for a migration file, offline and online. */
export function conventionsFor(state: InterpreterState): ModeConventions {
  const envPy = findEnvPy(state.file);
  if (!envPy) return both(DEFAULT_CONVENTION);
  const cached = known.get(envPy);
  // Within a stretch of stable files (check's bulk reading) an entry checked once stays valid.
  const stretch = stableStretch();
  if (cached && ((stretch !== undefined && cached.checkedIn === stretch) || dependenciesUnchanged([...cached.dependencies].map(([path, hash]) => ({ path, hash }))))) {
    cached.checkedIn = stretch;
    for (const [path, hash] of cached.dependencies) state.dependencies.set(path, hash);
    return cached.conventions;
  }
  // Read with a dependency map of its own, so the cache knows exactly which files it rests on.
  const reader = new InterpreterState(state.file, '');
  const conventions = readConventions(envPy, reader);
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(envPy, { conventions, dependencies: reader.dependencies, checkedIn: stretch });
  for (const [path, hash] of reader.dependencies) state.dependencies.set(path, hash);
  return conventions;
}

function readConventions(envPy: string, state: InterpreterState): ModeConventions {
  const scope = moduleScope(envPy, state);
  if (!scope) return both({ kind: 'unknown', reason: `env.py (${envPy}) cannot be read` });
  // When each mode's configure() call is clear, each mode gets the convention of its own metadata.
  const modes = configuredTargets(scope);
  if (modes) {
    const offline = conventionOfTarget(modes.offline, envPy, scope, state);
    const online = sameTarget(modes.online, modes.offline, scope.state.source) ? offline : conventionOfTarget(modes.online, envPy, scope, state);
    return { offline, online };
  }
  const passed = targetMetadataExpression(scope);
  const delegated = passed === undefined ? configureHandedOff(scope) : undefined;
  if (delegated) return both({ kind: 'unknown', reason: `env.py calls no context.configure() itself: it runs ${delegated}(), code of the application that configures Alembic with a target_metadata the engine does not read` });
  if (passed === undefined) return both(DEFAULT_CONVENTION);
  if (typeof passed === 'string') return both({ kind: 'unknown', reason: passed });
  return both(conventionOfPassed(passed, envPy, scope, state));
}

function conventionOfTarget(target: ConfiguredTarget, envPy: string, scope: ModuleScope, state: InterpreterState): Convention {
  if (target.kind === 'absent') return DEFAULT_CONVENTION;
  if (target.kind === 'unknown') return { kind: 'unknown', reason: target.reason };
  return conventionOfPassed(target.node, envPy, scope, state);
}

function conventionOfPassed(passed: SyntaxNode, envPy: string, scope: ModuleScope, state: InterpreterState): Convention {
  const convention = conventionOfExpression(passed, scope, 0);
  if (convention === SQLMODEL_METADATA) return sqlmodelConvention(envPy, state);
  if (convention.kind === 'unknown' && FLASK_MIGRATE.test(scope.state.source)) return flaskMigrateConvention(envPy, state) ?? convention;
  return convention;
}

/** Flask-Migrate's env.py reads the db given to `Migrate(app, db)` from the running app. */
const FLASK_MIGRATE = /extensions\[\s*['"]migrate['"]\s*\]/;
/**
 * Finds the workspace's `Migrate(app, db)` / `Migrate(db=db)` / `migrate.init_app(app, db)` and
 * reads the convention of that `db`'s metadata. Undefined when there is not exactly one db. The
 * search is a dependency of the result (project/flaskMigrateSearch.ts): a file with the call added
 * later is seen.
 */
function flaskMigrateConvention(envPy: string, state: InterpreterState): Convention | undefined {
  const root = repositoryRoot(envPy);
  const files = migrateCallFiles(root);
  state.dependencies.set(migrateSearchDependencyPath(root), migrateSearchHash(files));
  const found: Convention[] = [];
  for (const file of files) {
    if (found.length > 1) break;
    for (const name of migrateDbNames(file.text)) {
      const scope = moduleScope(file.path, state);
      if (!scope) continue;
      const assigned = scope.assignments.get(name);
      // `db` is often imported inside the app factory: any import of the name in the file counts.
      const bound = scope.frame.lookup(name) ?? importedAnywhere(scope, name);
      const convention: Convention = assigned
        ? conventionOfBase(assigned, scope, 1, name)
        : bound
          ? conventionOfValue(bound, scope, 1, name, '.metadata')
          : { kind: 'unknown', reason: `the db given to Migrate() (${name}) is not bound in ${nodePath.basename(file.path)}` };
      if (!found.some((known) => JSON.stringify(known) === JSON.stringify(convention))) found.push(convention);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The symbol an import anywhere in the module (a function-local one too) binds `name` to. */
function importedAnywhere(scope: ModuleScope, name: string): Value | undefined {
  let found: Value | undefined;
  const visit = (node: SyntaxNode): void => {
    if (found) return;
    if (node.name === 'ImportStatement') {
      const info = readImport(scope.state.source, node, scope.state.lines);
      const target = info ? bindingsOf([info]).get(name) : undefined;
      if (target) {
        const qname = target.kind === 'module' ? target.module : `${target.module}.${target.name}`;
        const resolved = qname.startsWith('.') ? resolveQualifiedName(scope.file, qname) : undefined;
        found = { kind: 'symbol', qname: resolved ? anchoredName(resolved.file, resolved.attributes.join('.')) : qname, text: name };
      }
      return;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(scope.top);
  return found;
}

/** The db argument names of `Migrate(app, db)`, `Migrate(db=db)` and `<migrate>.init_app(app, db)` (keywords too) in a module's text. */
function migrateDbNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\bMigrate\s*\(\s*(?:[\w.]+\s*,\s*(\w+)|db\s*=\s*(\w+))/g)) names.add(match[1] ?? match[2]);
  // `migrate.init_app(app, db)`, or with keywords: `migrate.init_app(app=app, db=db)` (lando-api).
  for (const match of text.matchAll(/\b(\w+)\.init_app\s*\(\s*(?:app\s*=\s*)?[\w.]+\s*,\s*(?:db\s*=\s*)?(\w+)/g)) {
    if (/migrat/i.test(match[1])) names.add(match[2]);
  }
  return [...names];
}

function repositoryRoot(envPy: string): string {
  let folder = nodePath.dirname(envPy);
  for (let step = 0; step < 12; step++) {
    if (fs.existsSync(nodePath.join(folder, '.git'))) return folder;
    const parent = nodePath.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return nodePath.dirname(nodePath.dirname(envPy));
}

export function findEnvPy(file: string): string | undefined {
  // Every migration of a folder finds the same env.py (an env.py itself must not find itself).
  if (nodePath.basename(file) === 'env.py') return searchEnvPy(file);
  // A version folder outside script_location: Alembic runs script_location's env.py, not one above the file.
  const registered = registeredEnvPyFor(file);
  if (registered) return registered.envPy;
  return stableAnswer(`envPyAbove:${nodePath.dirname(file)}`, () => searchEnvPy(file));
}

function searchEnvPy(file: string): string | undefined {
  let folder = nodePath.dirname(file);
  for (let step = 0; step < ENV_SEARCH_DEPTH; step++) {
    const candidate = nodePath.join(folder, 'env.py');
    if (candidate !== file && isFile(candidate)) return candidate;
    const parent = nodePath.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

/**
 * The imported function env.py calls at its top level when it calls no `configure()` itself: the
 * sr.ht services' env.py is `from srht.database import alembic_env; alembic_env()`, whose
 * configure() passes the application's metadata. Undefined when env.py calls configure() (or
 * calls nothing imported: a bare env.py configures nothing, and Alembic's default applies).
 */
/** Modules whose functions env.py calls at its top level without configuring Alembic (logging's fileConfig, dotenv's load_dotenv). */
const NOT_CONFIGURING = new Set(['alembic', 'logging', 'os', 'sys', 'warnings', 'pathlib', 'dotenv', 'importlib', 'asyncio', 're', 'json', 'typing', 'time', 'datetime', 'builtins']);

function configureHandedOff(scope: ModuleScope): string | undefined {
  const source = scope.state.source;
  if (/\bconfigure\s*\(/.test(source)) return undefined;
  let handedOff = false;
  // Named in messages: the last call env.py makes (Synerty's `alembicEnv.run()`, after the
  // `loadStorageTuples()` that only loads models), the one that runs the migrations.
  let last: string | undefined;
  for (const statement of childrenOf(scope.top)) {
    if (statement.name !== 'ExpressionStatement') continue;
    const call = statement.firstChild;
    const callee = call?.name === 'CallExpression' ? call.firstChild : undefined;
    if (!callee) continue;
    const text = source.slice(callee.from, callee.to);
    if (!/^(?:logging\.config\.)?fileConfig$/.test(text)) last = text;
    const bound = scope.frame.lookup(text.split('.')[0]);
    if (bound?.kind !== 'symbol') continue;
    if (classify(bound.qname).kind !== 'application' || NOT_CONFIGURING.has(bound.qname.split('.')[0])) continue;
    handedOff = true;
  }
  return handedOff ? last : undefined;
}

/** The expression given as `target_metadata=` to `context.configure(...)`; a reason when it is hidden in `**kwargs`. */
function targetMetadataExpression(scope: ModuleScope): SyntaxNode | string | undefined {
  const source = scope.state.source;
  let found: SyntaxNode | string | undefined;
  const visit = (node: SyntaxNode): void => {
    if (found !== undefined) return;
    if (node.name === 'CallExpression') {
      const callee = node.firstChild;
      const argList = childrenOf(node).find((part) => part.name === 'ArgList');
      if (callee && argList && isContextConfigure(source.slice(callee.from, callee.to), source)) {
        const parts = childrenOf(argList);
        for (let index = 0; index < parts.length; index++) {
          const part = parts[index];
          if (part.name === 'VariableName' && source.slice(part.from, part.to) === 'target_metadata' && parts[index + 1]?.name === 'AssignOp') {
            found = parts[index + 2];
            return;
          }
          if (part.name === '**') {
            // A dict written out in env.py (python/splatDict.ts) that sets target_metadata gives it. One
            // without it still decides nothing here: read mode-blind, a later call's metadata would be
            // taken for this call's mode too (the mode-aware reading, configureModes.ts, tells them apart).
            const splat = parts[index + 1];
            const given = splat ? splatEntriesOf(source, node, splat)?.get('target_metadata') : undefined;
            found = given?.certain ? given.value : `env.py passes configure() arguments through ${source.slice(part.from, splat?.to ?? part.to)}`;
            return;
          }
        }
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(scope.top);
  return found;
}

/** `db.Model.metadata.naming_convention = {...}` after the fact (indico does): the constructor call is not the whole story. */
const MUTATED_CONVENTION = /\.naming_convention\s*(=(?!=)|\[|\.update\b)/;

/**
 * `db.Model.metadata.naming_convention = CONVENTION` (or `db.metadata....`) at the top level of the
 * module that builds `db`, as the only change of a naming_convention there: Alembic imports the
 * module before it runs, so that is the convention. Anything else that mutates one is unknown.
 */
function assignedConvention(scope: ModuleScope, boundName: string | undefined): Convention {
  const unknown: Convention = { kind: 'unknown', reason: `${nodePath.basename(scope.file)} changes a naming_convention after the MetaData is built` };
  if (!boundName || conventionChanges(scope.state.source) !== 1) return unknown;
  const target = new RegExp(`^${boundName}\\.(?:Model\\.)?metadata$`);
  const assignment = conventionAssignments(scope).find((candidate) => target.test(candidate.target));
  return assignment ? conventionSetTo(assignment.value, scope) : unknown;
}

/** How many times a module's text changes a naming_convention after its MetaData is built. */
export function conventionChanges(text: string): number {
  return text.match(new RegExp(MUTATED_CONVENTION.source, 'g'))?.length ?? 0;
}

export interface ConventionAssignment {
  /** What is assigned to, spaces removed, without `.naming_convention` (`db.Model.metadata`). */
  target: string;
  targetNode: SyntaxNode;
  value: SyntaxNode;
  /** Its index among the module's top-level statements. */
  at: number;
}

/** The module's top-level `<target>.naming_convention = <value>` statements, in order. */
export function conventionAssignments(scope: ModuleScope): ConventionAssignment[] {
  const found: ConventionAssignment[] = [];
  for (const [at, statement] of statementsOf(scope.top).entries()) {
    if (statement.name !== 'AssignStatement') continue;
    const parts = childrenOf(statement).filter((part) => part.name !== 'Comment' && part.name !== 'TypeDef');
    if (parts.length !== 3 || parts[1].name !== 'AssignOp') continue;
    const target = scope.state.textOf(parts[0]).replace(/\s+/g, '');
    if (target.endsWith('.naming_convention')) found.push({ target: target.slice(0, -'.naming_convention'.length), targetNode: parts[0], value: parts[2], at });
  }
  return found;
}

/** The convention `<metadata>.naming_convention = <value>` sets. */
export function conventionSetTo(value: SyntaxNode, scope: ModuleScope): Convention {
  const given = evaluate(value, scope.state, scope.frame);
  // Set as an attribute, an empty dict means no convention at all (the constructor's default does not apply).
  if (given.kind === 'dict' && given.entries.length === 0) return { kind: 'known', templates: {}, source: nodePath.basename(scope.file) };
  return templatesOf(given, scope, value);
}

/**
 * `<name>.naming_convention = <dict>` as the module's only change of a naming_convention, at its top
 * level and before any top-level statement that runs the migrations (`run_migrations_online()`,
 * `if context.is_offline_mode(): ...`): setting the attribute replaces whatever convention the
 * MetaData had, so that dict is the convention configure() sees. Anything else is unknown.
 */
function replacedConvention(scope: ModuleScope, name: string): Convention {
  const unknown: Convention = { kind: 'unknown', reason: `${nodePath.basename(scope.file)} assigns a naming_convention after the MetaData is built` };
  if (conventionChanges(scope.state.source) !== 1) return unknown;
  const assignment = conventionAssignments(scope).find((candidate) => candidate.target === name);
  if (!assignment) return unknown;
  const statements = statementsOf(scope.top);
  const runs = runnerCall(scope, statements);
  const runsBefore = statements.slice(0, assignment.at).some((earlier) => !DEFINITIONS.has(earlier.name) && runs.test(scope.state.textOf(earlier)));
  return runsBefore ? unknown : conventionSetTo(assignment.value, scope);
}

const DEFINITIONS = new Set(['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement']);

/**
 * A call that runs the migrations: configure() or run_migrations() itself, or a function of the
 * module whose body calls one (run_migrations_online()), however many such functions deep.
 */
function runnerCall(scope: ModuleScope, statements: SyntaxNode[]): RegExp {
  const functions = statements.flatMap((statement) => {
    if (statement.name !== 'FunctionDefinition') return [];
    const name = childrenOf(statement).find((part) => part.name === 'VariableName');
    return name ? [{ name: scope.state.textOf(name), body: scope.state.textOf(statement) }] : [];
  });
  const runners = ['configure', 'run_migrations'];
  const callsOf = (names: string[]): RegExp => new RegExp(`\\b(?:${names.join('|')})\\s*\\(`);
  for (let grew = true; grew; ) {
    grew = false;
    for (const fn of functions) {
      if (!runners.includes(fn.name) && callsOf(runners).test(fn.body)) {
        runners.push(fn.name);
        grew = true;
      }
    }
  }
  return callsOf(runners);
}

/**
 * The value of the one assignment to `name` among the statements of the function around `node`
 * (manila's env.py sets `target_metadata = db_models.ManilaBase.metadata` inside
 * run_migrations_online() and passes it on); undefined when there is none or several.
 */
function localAssignment(node: SyntaxNode, name: string, scope: ModuleScope): SyntaxNode | undefined {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  const body = fn ? childrenOf(fn).find((part) => part.name === 'Body') : undefined;
  if (!body) return undefined;
  const values: SyntaxNode[] = [];
  const visit = (statement: SyntaxNode): void => {
    if (statement.name === 'FunctionDefinition' || statement.name === 'ClassDefinition') return;
    if (statement.name === 'AssignStatement') {
      const assignment = plainAssignment(statement, scope.state);
      if (assignment?.name === name) values.push(assignment.value);
      return;
    }
    for (const child of childrenOf(statement)) visit(child);
  };
  for (const statement of statementsOf(body)) visit(statement);
  return values.length === 1 ? values[0] : undefined;
}

/** `X` of an `X.metadata` expression, X a plain name. */
function metadataOwner(node: SyntaxNode, scope: ModuleScope): string | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const parts = childrenOf(node);
  const property = parts[parts.length - 1];
  if (parts.length !== 3 || parts[0].name !== 'VariableName' || property.name !== 'PropertyName' || scope.state.textOf(property) !== 'metadata') return undefined;
  return scope.state.textOf(parts[0]);
}

/**
 * What a module's top-level name is bound to last: its class definition or its assignment,
 * whichever comes later (koschei's `class Base(object)` then `Base = declarative_base(cls=Base)`).
 */
function latestBinding(scope: ModuleScope, name: string): { kind: 'class' | 'assignment'; node: SyntaxNode } | undefined {
  const classNode = scope.classes.get(name);
  const assigned = scope.assignments.get(name);
  if (classNode && assigned) return assigned.from > classNode.from ? { kind: 'assignment', node: assigned } : { kind: 'class', node: classNode };
  if (classNode) return { kind: 'class', node: classNode };
  return assigned ? { kind: 'assignment', node: assigned } : undefined;
}

/** Follows an expression (in `scope`) to the MetaData it stands for. */
function conventionOfExpression(node: SyntaxNode, scope: ModuleScope, hops: number): Convention {
  if (hops > MAX_HOPS) return { kind: 'unknown', reason: 'target_metadata is defined too indirectly to follow' };
  // Before the check below: a change to SQLModel.metadata's convention in env.py itself is read there.
  if (node.name === 'MemberExpression') {
    const value = evaluate(node, scope.state, scope.frame);
    if (value.kind === 'symbol' && isSqlmodelMetadata(value.qname)) return SQLMODEL_METADATA;
  }
  if (MUTATED_CONVENTION.test(scope.state.source)) {
    // `target_metadata.naming_convention = {...}` in env.py itself (monasca-api): the dict, whatever MetaData it replaces.
    if (node.name === 'VariableName') return replacedConvention(scope, scope.state.textOf(node));
    return { kind: 'unknown', reason: `${nodePath.basename(scope.file)} assigns a naming_convention after the MetaData is built` };
  }
  const text = scope.state.shortText(node);
  // `Base.metadata` where this module binds Base (a declarative base made here, env.py's own).
  const baseName = metadataOwner(node, scope);
  if (baseName !== undefined) {
    const local = latestBinding(scope, baseName);
    if (local?.kind === 'class') return conventionOfClass(local.node, scope, hops + 1);
    if (local?.kind === 'assignment') return conventionOfBase(local.node, scope, hops + 1, baseName);
  }
  if (node.name === 'None') return DEFAULT_CONVENTION;
  if (node.name === 'ArrayExpression' || node.name === 'TupleExpression') return DEFAULT_CONVENTION;
  if (node.name === 'VariableName') {
    const assigned = scope.assignments.get(text) ?? localAssignment(node, text, scope);
    if (assigned) return conventionOfExpression(assigned, scope, hops + 1);
  }
  const perDatabase = conventionOfDictEntry(node, scope, hops);
  if (perDatabase) return perDatabase;
  if (node.name === 'CallExpression') return configAttributesGet(node, scope, hops) ?? conventionOfCall(node, scope, hops);
  // `from models import *` then `BaseModel.metadata` (HHS/OPRE-OPS): the module that defines it.
  const starred = starImportedName(node, text, scope);
  if (starred) return conventionOfName(starred, scope, hops + 1, text);
  const value = evaluate(node, scope.state, scope.frame);
  return conventionOfValue(value, scope, hops, text);
}

/**
 * `config.attributes.get("target_metadata"[, default])`: a program that runs Alembic's commands
 * itself can hand env.py objects through `Config.attributes`; the `alembic` command line leaves it
 * an empty dict, so the call gives its default, None unless one is passed (amot-dev/MotoTwist).
 * Undefined for any other call.
 */
function configAttributesGet(node: SyntaxNode, scope: ModuleScope, hops: number): Convention | undefined {
  const callee = evaluate(node.firstChild!, scope.state, scope.frame);
  if (callee.kind !== 'symbol' || !/^alembic\.context\.config\.attributes\.get$/.test(callee.qname)) return undefined;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  const args = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  if (args.length === 1 && !isKeywordPart(argList!, args[0]!)) return DEFAULT_CONVENTION;
  if (args.length === 2 && !args.some((part) => isKeywordPart(argList!, part))) return conventionOfExpression(args[1]!, scope, hops + 1);
  return { kind: 'unknown', reason: `${scope.state.shortText(node)} is not a call the engine reads` };
}

/**
 * Alembic's multidb template: `target_metadata = {"engine1": mymodel.metadata1, ...}` and
 * `configure(target_metadata=target_metadata.get(name))` (or `[name]`) for each database. Whatever
 * the name, the convention is the one every entry of the dictionary agrees on (all None, or
 * `.get()` of an empty one: the default); entries that differ leave it unknown. Undefined for any
 * other expression.
 */
function conventionOfDictEntry(node: SyntaxNode, scope: ModuleScope, hops: number): Convention | undefined {
  const parts = childrenOf(node);
  const callee = node.name === 'CallExpression' ? parts[0] : undefined;
  const calleeParts = callee?.name === 'MemberExpression' ? childrenOf(callee) : [];
  const held = callee ? (calleeParts.length === 3 && calleeParts[2].name === 'PropertyName' && scope.state.textOf(calleeParts[2]) === 'get' ? calleeParts[0] : undefined) : node.name === 'MemberExpression' && parts[1]?.name === '[' ? parts[0] : undefined;
  if (held?.name !== 'VariableName') return undefined;
  const assigned = scope.assignments.get(scope.state.textOf(held));
  if (assigned?.name !== 'DictionaryExpression') return undefined;
  const values = childrenOf(assigned).filter((_part, at, all) => at > 0 && all[at - 1].name === ':');
  // `{}.get(name)` is None, the default MetaData's convention (the template's own `target_metadata = {}`).
  if (values.length === 0) return callee ? DEFAULT_CONVENTION : undefined;
  const conventions = values.map((value) => conventionOfExpression(value, scope, hops + 1));
  const first = conventions[0];
  if (first.kind === 'unknown') return first;
  const templates = JSON.stringify(first.templates);
  return conventions.every((convention) => convention.kind === 'known' && JSON.stringify(convention.templates) === templates) ? first : { kind: 'unknown', reason: `the MetaData of each database in ${scope.state.shortText(held)} has its own naming convention, and which database runs is known only at run time` };
}

/** The file of the module a `from x import *` chain of `scope` takes `name` from, when `scope` does not bind it itself. */
function starDefinition(scope: ModuleScope, name: string): string | undefined {
  const defines = (module: ModuleScope): boolean => module.classes.has(name) || module.assignments.has(name) || module.frame.lookup(name) !== undefined;
  if (defines(scope)) return undefined;
  let current = scope;
  for (let depth = 0; depth < MAX_HOPS; depth++) {
    const source = starImportSource(current, name, (file) => moduleScope(file, scope.state));
    const next = source ? moduleScope(source, scope.state) : undefined;
    if (!source || !next) return undefined;
    if (defines(next)) return source;
    current = next;
  }
  return undefined;
}

/**
 * `Base.metadata` whose head name only a star import binds: the name anchored in the module that
 * defines it, followed through nested star imports (`models/__init__.py`'s `from .base import *`).
 */
function starImportedName(node: SyntaxNode, text: string, scope: ModuleScope): string | undefined {
  if (node.name !== 'MemberExpression' && node.name !== 'VariableName') return undefined;
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(text)) return undefined;
  const source = starDefinition(scope, text.split('.')[0]);
  return source === undefined ? undefined : anchoredName(source, text);
}

function conventionOfValue(value: Value, scope: ModuleScope, hops: number, text: string, suffix = ''): Convention {
  if (value.kind === 'none') return DEFAULT_CONVENTION;
  if (value.kind === 'seq') return DEFAULT_CONVENTION;
  if (value.kind !== 'symbol') return { kind: 'unknown', reason: `target_metadata (${text}) is not a name the engine can follow${value.kind === 'opaque' ? `: ${value.reason}` : ''}` };
  return conventionOfName(value.qname + suffix, scope, hops, text);
}

/**
 * `pkg.db` where `pkg/__init__.py` binds `db` itself (bcgov/ppr's `from .db import db`): after
 * that import the package's attribute is the bound object, not the submodule `pkg/db.py`.
 */
function reboundInPackage(resolved: { file: string; attributes: string[] } | undefined, asker: ModuleScope): { file: string; attributes: string[] } | undefined {
  if (!resolved || nodePath.basename(resolved.file) === '__init__.py') return resolved;
  // A name the submodule binds (`pkg.db.db`, where the import above leads): no rebinding.
  const first = resolved.attributes[0];
  if (first !== undefined) {
    const submodule = moduleScope(resolved.file, asker.state);
    if (submodule && (submodule.frame.lookup(first) !== undefined || submodule.assignments.has(first) || submodule.classes.has(first))) return resolved;
  }
  const init = nodePath.join(nodePath.dirname(resolved.file), '__init__.py');
  if (!fs.existsSync(init)) return resolved;
  const name = nodePath.basename(resolved.file, '.py');
  const scope = moduleScope(init, asker.state);
  if (!scope || (scope.frame.lookup(name) === undefined && !scope.assignments.has(name))) return resolved;
  return { file: init, attributes: [name, ...resolved.attributes] };
}

/** `pkg.db.metadata`, `models.Base.metadata`, `Base.metadata` (via an import). */
function conventionOfName(qname: string, asker: ModuleScope, hops: number, text: string): Convention {
  if (hops > MAX_HOPS) return { kind: 'unknown', reason: `target_metadata (${text}) is reached through too many names` };
  if (isSqlmodelMetadata(qname)) return SQLMODEL_METADATA;
  const origin = classify(qname);
  if (origin.kind === 'sqlalchemy' || origin.kind === 'builtin') return { kind: 'unknown', reason: `target_metadata (${text}) is not defined in the workspace` };
  const resolved = reboundInPackage(resolveFrom(asker.state, qname), asker);
  if (!resolved) return { kind: 'unknown', reason: `target_metadata (${text}) comes from a module not found in the workspace (${qname})` };
  // Only constants are read from a virtualenv's packages, not a library's models.
  if (isSitePackagesFile(resolved.file)) return { kind: 'unknown', reason: `target_metadata (${text}) comes from a third-party package (${qname})` };
  const scope = moduleScope(resolved.file, asker.state);
  if (!scope) return { kind: 'unknown', reason: `the module defining target_metadata cannot be read (${resolved.file})` };
  const [first, ...rest] = resolved.attributes;
  if (first === undefined) return { kind: 'unknown', reason: `target_metadata (${text}) is a module` };
  const latest = latestBinding(scope, first);
  const classNode = latest?.kind === 'class' ? latest.node : undefined;
  if (classNode && rest.length === 1 && rest[0] === 'metadata') return conventionOfClass(classNode, scope, hops + 1);
  // `Holder.BASE.metadata`: a class attribute naming the declarative base (thoth-station/storages'
  // `GraphDatabase._DECLARATIVE_BASE = Base`).
  if (classNode && rest.length === 2 && rest[1] === 'metadata') {
    const attribute = classAttributeNode(classNode, rest[0], scope);
    if (attribute) return conventionOfModelClass(attribute, scope, hops + 1);
  }
  const assigned = latest?.kind === 'assignment' ? latest.node : undefined;
  if (assigned && rest.length === 0) return conventionOfExpression(assigned, scope, hops + 1);
  if (assigned && rest.length === 1 && rest[0] === 'metadata') return conventionOfBase(assigned, scope, hops + 1, first);
  const bound = scope.frame.lookup(first);
  // A class binds its own name to itself: following it again would not end.
  if (bound?.kind === 'symbol' && !classNode) {
    return conventionOfName([bound.qname, ...rest].join('.'), scope, hops + 1, text);
  }
  const found = lookupWorkspaceName(qname, asker.state);
  if (found?.kind === 'value') return conventionOfValue(found.value, found.scope, hops + 1, text);
  // `from .models import *` in a package's __init__.py (j3rrryy/2gis_hack's `repository`): the name is the star-imported module's.
  const starred = starDefinition(scope, first);
  if (starred) return conventionOfName(anchoredName(starred, [first, ...rest].join('.')), scope, hops + 1, text);
  return { kind: 'unknown', reason: `target_metadata (${text}) is not a MetaData the engine can find in ${nodePath.basename(resolved.file)}` };
}

/** The value of `name = ...` in a class body, when the body assigns it once. */
function classAttributeNode(classNode: SyntaxNode, name: string, scope: ModuleScope): SyntaxNode | undefined {
  const body = childrenOf(classNode).find((part) => part.name === 'Body');
  const values = (body ? statementsOf(body) : []).map((statement) => plainAssignment(statement, scope.state)).filter((assignment) => assignment?.name === name);
  return values.length === 1 ? values[0]!.value : undefined;
}

/** `class Base(DeclarativeBase): metadata = MetaData(...)`, or the MetaData its base gives. */
function conventionOfClass(node: SyntaxNode, scope: ModuleScope, hops: number): Convention {
  if (MUTATED_CONVENTION.test(scope.state.source)) return { kind: 'unknown', reason: `${nodePath.basename(scope.file)} assigns a naming_convention after the MetaData is built` };
  const body = childrenOf(node).find((part) => part.name === 'Body');
  for (const statement of body ? statementsOf(body) : []) {
    const assignment = plainAssignment(statement, scope.state);
    if (assignment?.name === 'metadata') return conventionOfExpression(assignment.value, scope, hops + 1);
  }
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  for (const base of argList ? childrenOf(argList) : []) {
    if (['(', ')', ',', 'Comment'].includes(base.name)) continue;
    // `class Base(object)`: object adds no MetaData.
    if (scope.state.textOf(base) === 'object') continue;
    const value = evaluate(base, scope.state, scope.frame);
    if (value.kind !== 'symbol') continue;
    // A subclass of SQLModel shares SQLModel.metadata, unless it is given a registry of its own.
    if (isSqlmodelClass(value.qname)) return argList && keywordNode(argList, 'registry', scope) ? { kind: 'unknown', reason: 'the SQLModel class is given a registry=, whose MetaData the engine does not follow' } : SQLMODEL_METADATA;
    const origin = classify(value.qname);
    // SQLAlchemy's declarative bases create a MetaData() of their own: the default convention.
    if (origin.kind === 'sqlalchemy' || /^sqlalchemy\.(orm|ext)\b/.test(value.qname)) continue;
    const found = lookupWorkspaceName(value.qname, scope.state);
    if (found?.kind === 'class') return conventionOfClass(found.node, found.scope, hops + 1);
    return { kind: 'unknown', reason: `the declarative base's base class ${scope.state.shortText(base)} cannot be read` };
  }
  return DEFAULT_CONVENTION;
}

/** `Base = declarative_base(metadata=...)` / `registry(metadata=...).generate_base()`, then `Base.metadata`. */
function conventionOfBase(node: SyntaxNode, scope: ModuleScope, hops: number, boundName?: string): Convention {
  if (MUTATED_CONVENTION.test(scope.state.source)) return assignedConvention(scope, boundName);
  // `Base = PersistenceBase`: another name for a base, imported (AntaREST) or defined in the module.
  if (node.name === 'VariableName' && hops <= MAX_HOPS) {
    const aliased = scope.state.textOf(node);
    const latest = latestBinding(scope, aliased);
    if (latest?.kind === 'class') return conventionOfClass(latest.node, scope, hops + 1);
    if (latest?.kind === 'assignment' && aliased !== boundName) return conventionOfBase(latest.node, scope, hops + 1, aliased);
    const bound = scope.frame.lookup(aliased);
    if (bound?.kind === 'symbol') return conventionOfName(`${bound.qname}.metadata`, scope, hops + 1, scope.state.shortText(node));
  }
  if (node.name !== 'CallExpression') return { kind: 'unknown', reason: `${scope.state.shortText(node)} is not a declarative base the engine can read` };
  const callee = evaluate(node.firstChild!, scope.state, scope.frame);
  const calleeName = callee.kind === 'symbol' ? callee.qname : scope.state.textOf(node.firstChild!);
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (isFlaskSqlalchemy(callee, scope, 0)) {
    // Flask-SQLAlchemy's `db = SQLAlchemy(app, metadata=...)`: its own MetaData() unless given one.
    const positional = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name) && !isKeywordPart(argList, part)).length : 0;
    if (positional > 1) return { kind: 'unknown', reason: 'SQLAlchemy(...) is given positional arguments that may include its MetaData' };
    const metadata = argList ? keywordNode(argList, 'metadata', scope) : undefined;
    // A given MetaData wins over the model class's (Flask-SQLAlchemy assigns it to the model).
    if (metadata) return conventionOfExpression(metadata, scope, hops + 1);
    const modelClass = argList ? keywordNode(argList, 'model_class', scope) : undefined;
    return modelClass ? conventionOfModelClass(modelClass, scope, hops + 1) : DEFAULT_CONVENTION;
  }
  if (!/declarative_base$/.test(calleeName)) return { kind: 'unknown', reason: `${scope.state.shortText(node)} is not a declarative base the engine can read` };
  const metadata = argList ? keywordNode(argList, 'metadata', scope) : undefined;
  return metadata ? conventionOfExpression(metadata, scope, hops + 1) : DEFAULT_CONVENTION;
}

/**
 * `SQLAlchemy(model_class=Base)` without `metadata=`: a declarative base (`Base = declarative_base()`,
 * `class Base(DeclarativeBase)`) keeps its own MetaData and Flask-SQLAlchemy adopts it; a plain
 * mixin class gets a fresh MetaData(), SQLAlchemy's default convention (GOV.UK Notify's
 * `db = SQLAlchemy(model_class=declarative_base())`-style app).
 */
function conventionOfModelClass(node: SyntaxNode, scope: ModuleScope, hops: number): Convention {
  if (hops > MAX_HOPS) return { kind: 'unknown', reason: 'target_metadata is reached through too many names' };
  if (node.name === 'CallExpression') return conventionOfBase(node, scope, hops + 1);
  if (node.name === 'VariableName') {
    const name = scope.state.textOf(node);
    const classNode = scope.classes.get(name);
    if (classNode) return isPlainClass(classNode, scope) ? DEFAULT_CONVENTION : conventionOfClass(classNode, scope, hops + 1);
    const assigned = scope.assignments.get(name);
    if (assigned) return conventionOfBase(assigned, scope, hops + 1, name);
  }
  const value = evaluate(node, scope.state, scope.frame);
  if (value.kind !== 'symbol') return { kind: 'unknown', reason: `SQLAlchemy(model_class=${scope.state.shortText(node)}) is not a class the engine can follow` };
  return conventionOfName(`${value.qname}.metadata`, scope, hops + 1, `${scope.state.shortText(node)}.metadata`);
}

/** A class with no base but `object`: Flask-SQLAlchemy builds the declarative base, and its MetaData, itself. */
function isPlainClass(node: SyntaxNode, scope: ModuleScope): boolean {
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  const bases = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  return bases.every((base) => scope.state.textOf(base) === 'object');
}

function conventionOfCall(node: SyntaxNode, scope: ModuleScope, hops: number): Convention {
  const callee = evaluate(node.firstChild!, scope.state, scope.frame);
  const origin = callee.kind === 'symbol' ? classify(callee.qname) : undefined;
  if (origin?.kind !== 'sqlalchemy' || origin.name !== 'MetaData') return conventionOfReturningFunction(node, callee, scope, hops) ?? conventionOfBase(node, scope, hops);
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (!argList) return DEFAULT_CONVENTION;
  const args = evaluateArguments(argList, scope.state, scope.frame);
  if (args.unknownSplat) return { kind: 'unknown', reason: `MetaData() arguments are not static: ${args.unknownSplat}` };
  const given = args.keywords.get('naming_convention')?.value;
  if (!given || given.kind === 'none') return DEFAULT_CONVENTION;
  return templatesOf(given, scope, node);
}

/**
 * `target_metadata = get_meta()` where the project's function (SARC's `sarc.db.get_meta`) only
 * imports modules, for the tables they register, and ends with `return <expression>`: the
 * expression's convention, read in the function's module. Undefined for a call of anything else;
 * a function doing more stays unknown.
 */
function conventionOfReturningFunction(node: SyntaxNode, callee: Value, scope: ModuleScope, hops: number): Convention | undefined {
  let fn: Value | undefined = callee;
  let home = scope;
  if (callee.kind === 'symbol') {
    const found = lookupWorkspaceName(callee.qname, scope.state);
    if (found?.kind !== 'value' || found.value.kind !== 'function') return undefined;
    fn = found.value;
    home = found.scope;
  }
  if (fn.kind !== 'function' || fn.method !== undefined) return undefined;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (argList && childrenOf(argList).some((part) => !['(', ')'].includes(part.name))) return { kind: 'unknown', reason: `${scope.state.shortText(node)} is a call with arguments` };
  const body = childrenOf(fn.node).find((part) => part.name === 'Body');
  const statements = body ? statementsOf(body) : [];
  const last = statements[statements.length - 1];
  const before = statements.slice(0, -1);
  const onlyImports = before.every((statement, index) => ['ImportStatement', 'PassStatement'].includes(statement.name) || (index === 0 && statement.name === 'ExpressionStatement' && statement.firstChild?.name === 'String'));
  const returned = last?.name === 'ReturnStatement' ? childrenOf(last).filter((part) => part.name !== 'return')[0] : undefined;
  if (!onlyImports || !returned) return { kind: 'unknown', reason: `${scope.state.shortText(node)} calls a function that does more than import modules and return its MetaData` };
  return conventionOfExpression(returned, home, hops + 1);
}

/** A naming_convention dict literal as templates. */
export function templatesOf(given: Value, scope: ModuleScope, node: SyntaxNode): Convention {
  if (given.kind !== 'dict') return { kind: 'unknown', reason: `naming_convention is not a dict literal${given.kind === 'opaque' ? `: ${given.reason}` : ''}` };
  const templates: Record<string, string | TokenFunction> = {};
  for (const entry of given.entries) {
    if (entry.key.kind !== 'str') return { kind: 'unknown', reason: 'naming_convention has a key that is not a string (a class or a token function)' };
    if (entry.value.kind === 'function') {
      // Read only a function defined at the top of this very module, whose source is at hand.
      if (entry.value.closure !== scope.frame) return { kind: 'unknown', reason: `naming_convention["${entry.key.value}"] is a token function defined outside ${nodePath.basename(scope.file)}` };
      const fn = readTokenFunction(entry.value.node, scope.state.source);
      if (typeof fn === 'string') return { kind: 'unknown', reason: `naming_convention["${entry.key.value}"]: ${fn}` };
      templates[entry.key.value] = fn;
      continue;
    }
    if (entry.value.kind !== 'str') return { kind: 'unknown', reason: `naming_convention["${entry.key.value}"] is not a string literal (a token function)` };
    templates[entry.key.value] = entry.value.value;
  }
  // An empty dict is falsy: MetaData then keeps SQLAlchemy's default.
  if (given.entries.length === 0) return DEFAULT_CONVENTION;
  const line = scope.state.rangeOf(node).start.line + 1;
  return { kind: 'known', templates, source: `${nodePath.basename(scope.file)}:${line}` };
}

function keywordNode(argList: SyntaxNode, keyword: string, scope: ModuleScope): SyntaxNode | undefined {
  const parts = childrenOf(argList);
  for (let index = 0; index < parts.length; index++) {
    if (parts[index].name === 'VariableName' && scope.state.textOf(parts[index]) === keyword && parts[index + 1]?.name === 'AssignOp') return parts[index + 2];
  }
  return undefined;
}

/**
 * Flask-SQLAlchemy's extension class, or a subclass of it in the workspace that neither defines
 * `__init__` nor sets `metadata` (faraday subclasses it to fix session handling).
 */
function isFlaskSqlalchemy(callee: Value, scope: ModuleScope, depth: number): boolean {
  if (callee.kind !== 'symbol' || depth > 4) return false;
  if (/^flask_sqlalchemy\b.*\.SQLAlchemy$/.test(callee.qname)) return true;
  const found = lookupWorkspaceName(callee.qname, scope.state);
  if (found?.kind === 'symbol') return /^flask_sqlalchemy\b.*\.SQLAlchemy$/.test(found.qname);
  if (found?.kind !== 'class') return false;
  const body = childrenOf(found.node).find((part) => part.name === 'Body');
  const overrides = (body ? statementsOf(body) : []).some((statement) => /^(def __init__|metadata\s*[:=])/.test(found.scope.state.textOf(statement).trim()));
  if (overrides) return false;
  const argList = childrenOf(found.node).find((part) => part.name === 'ArgList');
  const bases = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  return bases.some((base) => isFlaskSqlalchemy(evaluate(base, found.scope.state, found.scope.frame), found.scope, depth + 1));
}

/** True for the parts of a `name=value` keyword argument (the name, `=` and the value). */
function isKeywordPart(argList: SyntaxNode, part: SyntaxNode): boolean {
  const parts = childrenOf(argList);
  const index = parts.findIndex((candidate) => candidate.from === part.from && candidate.to === part.to);
  return parts[index + 1]?.name === 'AssignOp' || parts[index]?.name === 'AssignOp' || parts[index - 1]?.name === 'AssignOp';
}

function isFile(path: string): boolean {
  return stableAnswer(`isFile:${path}`, () => statIsFile(path));
}

function statIsFile(path: string): boolean {
  try {
    // Without throwIfNoEntry a missing env.py (asked for every migration) costs an exception.
    return fs.statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
