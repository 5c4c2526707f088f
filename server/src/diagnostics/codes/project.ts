import type { CodeInfo } from './types';

/** Diagnostic codes reported by the project layer (config discovery, file reading, headers, index checks). Each has docs/rules/<code>.md. */
export const PROJECT_CODES: readonly CodeInfo[] = [
  { code: 'python-syntax-error', defaultSeverity: 'error', title: 'Migration file has a Python syntax error' },
  { code: 'missing-revision', defaultSeverity: 'error', title: 'Migration file has no `revision` variable' },
  { code: 'missing-down-revision', defaultSeverity: 'error', title: 'Migration file has no `down_revision` variable' },
  { code: 'non-literal-value', defaultSeverity: 'warning', title: 'Header value is not a literal' },
  { code: 'invalid-value-type', defaultSeverity: 'error', title: 'Header value has the wrong type' },
  { code: 'unresolved-reference', defaultSeverity: 'warning', title: 'Imported constant could not be resolved' },
  { code: 'down-revision-is-filename', defaultSeverity: 'error', title: '`down_revision` names a file instead of a revision id' },
  { code: 'docstring-mismatch', defaultSeverity: 'information', title: 'Docstring header disagrees with the variables' },
  { code: 'config-syntax-error', defaultSeverity: 'error', title: 'Configuration file cannot be parsed' },
  { code: 'config-interpolation-error', defaultSeverity: 'error', title: 'Bad `%` interpolation in configuration' },
  { code: 'config-unreadable', defaultSeverity: 'error', title: 'Configuration file cannot be read' },
  { code: 'missing-script-location', defaultSeverity: 'error', title: 'Environment has no `script_location`' },
  { code: 'script-location-not-found', defaultSeverity: 'error', title: '`script_location` folder does not exist' },
  { code: 'package-not-found', defaultSeverity: 'error', title: 'Package of a `package:path` location not found' },
  { code: 'version-location-not-found', defaultSeverity: 'warning', title: 'Version location does not exist' },
  { code: 'invalid-config-value', defaultSeverity: 'error', title: 'Configuration value is invalid' },
  { code: 'env-py-not-found', defaultSeverity: 'warning', title: 'No env.py in the script location' },
  { code: 'empty-versions-folder', defaultSeverity: 'information', title: 'Version location has no migration files' },
  { code: 'file-unreadable', defaultSeverity: 'error', title: 'Migration file or folder cannot be read' },
  { code: 'file-too-large', defaultSeverity: 'warning', title: 'Migration file is larger than 5 MB' },
  { code: 'binary-file', defaultSeverity: 'error', title: 'Binary file in a version location' },
  { code: 'file-not-utf8', defaultSeverity: 'error', title: 'Migration file is not valid UTF-8' },
  { code: 'file-loaded-twice', defaultSeverity: 'warning', title: 'Same migration file reached twice' },
  { code: 'symlink-loop', defaultSeverity: 'warning', title: 'Symbolic link loop in a version location' },
];
