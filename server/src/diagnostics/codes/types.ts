import type { Severity } from '../../common/problem';

/** One diagnostic code: stable id, default severity, one-line title. Docs: docs/rules/<code>.md. */
export interface CodeInfo {
  code: string;
  defaultSeverity: Severity;
  title: string;
}
