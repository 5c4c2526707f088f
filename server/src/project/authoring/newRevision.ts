/**
 * Plans the file `alembic revision` / `alembic merge` would write (without autogenerate): checks
 * the request the way Alembic's `ScriptDirectory.generate_revision` does, in the same order and
 * with its messages, picks the version folder, fills `file_template` and renders the
 * environment's own `script.py.mako`. Nothing is written here; a refused request is an
 * AuthoringError whose message front ends print as is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDirectory } from '../../common/createDirectory';
import { NotRegularFileError, readRegularTextFile } from '../../common/readRegularFile';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage } from '../../graph/errors';
import type { EnvironmentConfig } from '../types';
import { DEFAULT_FILE_TEMPLATE, formatFileTemplate } from './fileTemplate';
import { slugOf } from './slug';
import { newRevisionId } from './revisionId';
import { createDateOf, pythonDateText, UnknownTimezone } from './createDate';
import { templateArguments, truncateSlugLength } from './templateArgs';
import { MakoTemplate } from './mako/render';
import { TemplateError } from './mako/templateError';
import { AuthoringError } from './authoringError';

// Front ends import the error with the planner.
export { AuthoringError, type AuthoringCode } from './authoringError';

export interface NewRevisionRequest {
  message?: string;
  /** Identifiers to build on (`--head`, or the revisions of `merge`); default `head`. */
  heads?: readonly string[];
  splice?: boolean;
  branchLabel?: string;
  versionPath?: string;
  revisionId?: string;
  dependsOn?: readonly string[];
  now?: Date;
  /** Folder relative `--version-path` values are resolved against. */
  cwd?: string;
  /** The template's text when the caller has it (an unsaved editor), else read from script_location. */
  templateText?: string;
}

export interface NewRevisionPlan {
  file: string;
  revisionId: string;
  downRevisions: string[];
  content: string;
}

const ILLEGAL_ID_CHARACTERS = ['@', '-', '+'];
const MULTIPLE_HEADS = 'Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.';

/** Alembic's version locations: the configured ones, else `<script_location>/versions`. */
export function versionLocationsOf(config: EnvironmentConfig): string[] {
  return config.versionLocations.length ? config.versionLocations : [path.join(config.scriptLocation, 'versions')];
}

export function planNewRevision(config: EnvironmentConfig, graph: RevisionMap, request: NewRevisionRequest): NewRevisionPlan {
  // Alembic reads truncate_slug_length when it opens the script directory, before anything else.
  const slugLength = truncateSlugLength(config);
  const revisionId = request.revisionId ?? newRevisionId();
  const illegal = ILLEGAL_ID_CHARACTERS.filter((char) => revisionId.includes(char)).sort();
  if (illegal.length) throw AuthoringError.asAlembic(`Character(s) '${illegal.join(', ')}' not allowed in revision identifier '${revisionId}'`);
  if (!/^\w+$/u.test(revisionId)) throw new AuthoringError(`The revision id '${revisionId}' must be letters, digits and underscores.`);
  const existing = graph.get(revisionId);
  if (existing) throw new AuthoringError(`Revision id ${revisionId} already exists${existing.path ? ` (${existing.path})` : ''}; choose another --rev-id.`);
  const slug = slugOf(request.message ?? '', slugLength);
  if (slug === '') throw new AuthoringError('The message gives an empty file name slug (it needs at least one letter, digit or underscore); pass -m with a descriptive message.');

  // Alembic writes the file and only then fails to load it; refuse before writing instead.
  const labelOwner = request.branchLabel === undefined ? undefined : graph.lookupSymbol(request.branchLabel);
  if (labelOwner) throw AuthoringError.asAlembic(`Branch name '${request.branchLabel}' in revision ${revisionId} already used by revision ${labelOwner.id}`);

  const resolved = graph.resolve(request.heads && request.heads.length ? request.heads : 'head');
  if (!resolved.ok) throw AuthoringError.asAlembic(commandMessage(resolved.error, { multipleHeads: MULTIPLE_HEADS }));
  const heads = resolved.value;
  if (new Set(heads.map((head) => head.id)).size !== heads.length) throw AuthoringError.asAlembic('Duplicate head revisions specified');

  let createDate;
  try {
    createDate = createDateOf(request.now ?? new Date(), config.timezone);
  } catch (error) {
    if (error instanceof UnknownTimezone) throw AuthoringError.asAlembic(error.message);
    throw error;
  }

  const locations = versionLocationsOf(config);
  let versionPath: string;
  if (request.versionPath !== undefined) versionPath = path.resolve(request.cwd ?? process.cwd(), request.versionPath);
  else if (locations.length > 1) {
    const withFile = heads.find((head) => head.path !== undefined);
    if (!withFile) throw AuthoringError.asAlembic('Multiple version locations present, please specify --version-path');
    versionPath = path.dirname(withFile.path!);
  } else versionPath = locations[0];
  if (!locations.some((location) => path.resolve(location) === versionPath)) {
    throw AuthoringError.asAlembic(`Path ${request.versionPath ?? versionPath} is not represented in current version locations`);
  }

  const fileName = `${formatFileTemplate(config.fileTemplate || DEFAULT_FILE_TEMPLATE, { rev: revisionId, slug, ...createDate })}.py`;
  const file = path.join(versionPath, fileName);

  if (!request.splice) {
    const notHead = heads.find((head) => !head.isHead);
    if (notHead) throw AuthoringError.asAlembic(`Revision ${notHead.id} is not a head revision; please specify --splice to create a new branch from this revision`);
  }

  const dependsOn: string[] = [];
  for (const dependency of request.dependsOn ?? []) {
    const found = graph.resolveOne(dependency);
    if (!found.ok) throw AuthoringError.asAlembic(commandMessage(found.error));
    if (!found.value) throw AuthoringError.asAlembic(`Can't locate revision identified by '${dependency}'`);
    // Alembic keeps a branch label as written and expands partial ids.
    dependsOn.push(found.value.allBranchLabels.includes(dependency) ? dependency : found.value.id);
  }

  const templatePath = path.join(config.scriptLocation, 'script.py.mako');
  let templateText = request.templateText;
  if (templateText === undefined) {
    try {
      templateText = readRegularTextFile(templatePath);
    } catch (error) {
      throw new AuthoringError(`Cannot read the revision template ${templatePath}: ${error instanceof NotRegularFileError ? 'a named pipe or a device, not a regular file' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`, 'revision-template-failed');
    }
  }
  const downRevisions = heads.map((head) => head.id);
  let content: string;
  try {
    content = new MakoTemplate(templateText).render(
      templateArguments(config, { revisionId, downRevisions, branchLabel: request.branchLabel, dependsOn, createDate: pythonDateText(createDate), message: request.message ?? 'empty message' }),
    );
  } catch (error) {
    if (error instanceof TemplateError) {
      const refusal = new AuthoringError(`${templatePath}:${error.line}: ${error.reason}`, 'revision-template-failed');
      refusal.templateLine = error.line;
      throw refusal;
    }
    throw error;
  }
  return { file, revisionId, downRevisions, content };
}

/** Writes a planned revision, creating its folder; never overwrites. Throws AuthoringError. */
export function writeNewRevision(plan: NewRevisionPlan): void {
  const folder = path.dirname(plan.file);
  const refuse = (reason: string): AuthoringError => new AuthoringError(`Cannot write ${plan.file}: ${reason}`, 'revision-write-failed');
  try {
    createDirectory(folder);
  } catch (error) {
    // A file where the folder should be fails with EEXIST or ENOTDIR (Alembic: NotADirectoryError);
    // name the file rather than report the revision file as existing.
    const blocking = fileInPlaceOfFolder(folder);
    throw refuse(blocking ? `${blocking} is a file, not a folder` : failureReason(error));
  }
  try {
    fs.writeFileSync(plan.file, plan.content, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw refuse(isFolder(plan.file) ? 'a folder of that name exists' : 'the file already exists');
    throw refuse(failureReason(error));
  }
}

function failureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'the folder is not writable' : (error as Error).message;
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest existing path at or above `folder`, when it is not a folder. */
function fileInPlaceOfFolder(folder: string): string | undefined {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      return fs.statSync(current).isDirectory() ? undefined : current;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}
