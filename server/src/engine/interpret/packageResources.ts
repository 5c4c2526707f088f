/**
 * Data files read from a package of the project: `importlib.resources.read_text("app.migrations.data",
 * "schema.sql")` (PnX-SI's TaxHub loads its initial schema so), `importlib.resources.files(
 * "app.data") / "seed.sql"`, then `.read_text()`, and `open(pkg_resources.resource_filename("app",
 * "data/seed.sql"))`. Python finds the package on `sys.path`; the
 * engine finds it as it finds the project's modules (pythonModules.ts: the folders above the
 * migration, the `src/` layout, prepend_sys_path) and reads the file beside its `__init__.py`,
 * as fileReads.ts reads any other (inside the project, decoded as Python would, recorded as a
 * dependency).
 *
 * A package the engine does not find (installed elsewhere, a namespace package without
 * `__init__.py`), a module that is not a package (Python raises TypeError) and a resource given as
 * a path (its meaning changed between Python versions) stay values known only at run time.
 */
import * as nodePath from 'node:path';
import { dependencyHash } from '../../project/pythonModules';
import { bindArguments, type CallArgs, type Signature } from './args';
import { readText } from './fileReads';
import { pathOf } from './paths';
import type { InterpreterState } from './state';
import { opaque, str, type Value } from './values';
import { resolveFrom } from './workspaceModules';

const READ_TEXT: Signature = { name: 'read_text', positional: ['package', 'resource', 'encoding', 'errors'], required: ['package', 'resource'] };
const FILES: Signature = { name: 'files', positional: ['anchor'], required: ['anchor'] };

/** Python's two spellings: the standard library's module and its backport on PyPI. */
const MODULES = ['importlib.resources', 'importlib_resources'];

const RESOURCE_FILENAME: Signature = { name: 'resource_filename', positional: ['package_or_requirement', 'resource_name'], required: ['package_or_requirement', 'resource_name'] };

/** The value of an `importlib.resources` (or `pkg_resources.resource_filename`) call, or undefined when `qname` is none the engine reads. */
export function packageResourceCall(qname: string, args: CallArgs, state: InterpreterState, text: string): Value | undefined {
  if (qname === 'pkg_resources.resource_filename') return resourceFilename(args, state, text);
  const module = MODULES.find((name) => qname.startsWith(`${name}.`));
  if (module === undefined) return undefined;
  const name = qname.slice(module.length + 1);
  if (name === 'read_text') return readResourceText(args, state, text);
  if (name === 'files') return packageFiles(args, state, text);
  return undefined;
}

function readResourceText(args: CallArgs, state: InterpreterState, text: string): Value {
  const bound = bindArguments(READ_TEXT, args);
  if (args.unknownSplat || !bound.ok) return opaque(`reads package data with arguments the engine does not follow (${text})`);
  const value = (parameter: string): Value | undefined => bound.bound.params.get(parameter)?.value;
  const resource = value('resource');
  const encoding = value('encoding');
  const errors = value('errors');
  if (resource?.kind !== 'str') return opaque(`reads package data whose name is known only at run time (${text})`);
  if (/[/\\]/.test(resource.value)) return opaque(`reads package data by a path (${JSON.stringify(resource.value)}), which Python versions read differently`);
  if (encoding !== undefined && encoding.kind !== 'str') return opaque(`reads package data with an encoding known only at run time (${text})`);
  if (errors !== undefined && !(errors.kind === 'str' && errors.value === 'strict')) return opaque(`reads package data with errors other than 'strict' (${text})`);
  const folder = packageFolder(value('package'), state, text);
  if (typeof folder !== 'string') return folder;
  const content = readText(nodePath.join(folder, resource.value), { encoding: encoding?.value ?? 'utf-8' }, state);
  return typeof content === 'string' ? str(content) : content;
}

/**
 * setuptools' `pkg_resources.resource_filename(package, "data/seed.sql")`: the file's path (a
 * `/`-separated name below the package's folder), which `open()` then reads. Its
 * `resource_string` gives bytes, which the engine does not model: it stays opaque.
 */
function resourceFilename(args: CallArgs, state: InterpreterState, text: string): Value {
  const bound = bindArguments(RESOURCE_FILENAME, args);
  if (args.unknownSplat || !bound.ok) return opaque(`finds package data with arguments the engine does not follow (${text})`);
  const name = bound.bound.params.get('resource_name')?.value;
  if (name?.kind !== 'str') return opaque(`finds package data whose name is known only at run time (${text})`);
  // pkg_resources refuses absolute names and `..` (a ValueError for now, a DeprecationWarning before).
  if (name.value.startsWith('/') || name.value.split('/').includes('..')) return opaque(`finds package data by ${JSON.stringify(name.value)}, which pkg_resources refuses`);
  // A module names its own folder too (pkg_resources reads beside its `__file__`).
  const folder = packageFolder(bound.bound.params.get('package_or_requirement')?.value, state, text, true);
  return typeof folder === 'string' ? str(nodePath.posix.join(folder, name.value)) : folder;
}

/** `files(package)`: the package's folder, a path the engine's Path methods read from. */
function packageFiles(args: CallArgs, state: InterpreterState, text: string): Value {
  const bound = bindArguments(FILES, args);
  if (args.unknownSplat || !bound.ok) return opaque(`finds package data with arguments the engine does not follow (${text})`);
  const folder = packageFolder(bound.bound.params.get('anchor')?.value, state, text);
  return typeof folder === 'string' ? pathOf(folder) : folder;
}

/** The folder of the package named by `name` (its `__init__.py` recorded as a dependency), or why not; a module's with `modulesToo`. */
function packageFolder(name: Value | undefined, state: InterpreterState, text: string, modulesToo = false): string | Value {
  if (name?.kind !== 'str') return opaque(`reads data of a package known only at run time (${text})`);
  if (name.value.startsWith('.') || !/^[A-Za-z_][\w.]*$/.test(name.value)) return opaque(`reads data of a package named ${JSON.stringify(name.value)}, which the engine does not look for`);
  const resolved = resolveFrom(state, name.value);
  if (!resolved || resolved.attributes.length > 0) return opaque(`reads data of the package ${name.value}, which the engine does not find in the project (installed elsewhere, or a namespace package)`);
  if (!modulesToo && nodePath.basename(resolved.file) !== '__init__.py') return opaque(`reads data of ${name.value}, a module and not a package (Python raises TypeError)`);
  state.dependencies.set(resolved.file, dependencyHash(resolved.file));
  return nodePath.dirname(resolved.file);
}
