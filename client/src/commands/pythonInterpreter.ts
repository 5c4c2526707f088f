/**
 * The interpreter that runs the real Alembic for the editor (autogenerate, templates the renderer
 * refuses, and the steps of a database run the engine cannot run statically): `alembicLens.python`
 * when set (machine-scoped, so a workspace cannot point it at its own program), else the one the
 * Python extension has selected for the folder, when that extension is installed.
 */
import * as vscode from 'vscode';

/** The parts of the Python extension's exported API used here (both its current and its older shape). */
interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined };
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined } };
}

export interface Interpreter {
  path: string;
  /** Where it came from, for messages. */
  source: string;
}

export async function pythonInterpreter(resource: vscode.Uri | undefined): Promise<Interpreter | undefined> {
  const configured = vscode.workspace.getConfiguration('alembicLens').get<string>('python', '');
  if (configured) return { path: configured, source: 'alembicLens.python' };
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const fromEnvironments = api?.environments?.getActiveEnvironmentPath(resource)?.path;
    const fromSettings = api?.settings?.getExecutionDetails(resource).execCommand?.[0];
    const found = fromEnvironments || fromSettings;
    return found ? { path: found, source: 'the Python extension\'s selected interpreter' } : undefined;
  } catch {
    return undefined;
  }
}

export const NO_INTERPRETER =
  'Autogenerate runs the real Alembic, which imports your env.py and models: set "alembicLens.python" (user settings) to a Python with Alembic and your application installed, or select one with "Python: Select Interpreter".';
