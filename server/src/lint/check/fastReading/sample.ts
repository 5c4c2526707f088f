/**
 * Whether a history is mostly in autogenerate's layout, judged on a sample of its files. Such a
 * history is read from templates (index.ts) cheaply enough that a reading worker costs more than
 * it saves on a machine of two cores: its start (the bundle, the parser's WASM), its own
 * templates and its first files read the general way while its code warms up (measured on the
 * 5,000-revision history: docs/performance.md). `check` then reads on the main thread alone.
 */
import { readMigrationText } from '../../../project/versionFiles';
import { moduleLayout } from './layout';

const SAMPLE = 64;
const SHARE = 0.9;

export function mostlyTemplateLayout(files: readonly { file: string }[]): boolean {
  if (files.length === 0) return false;
  const step = Math.max(1, Math.floor(files.length / SAMPLE));
  let sampled = 0;
  let laidOut = 0;
  for (let at = 0; at < files.length && sampled < SAMPLE; at += step) {
    sampled++;
    const text = readMigrationText(files[at].file).text;
    if (text !== undefined && moduleLayout(text)) laidOut++;
  }
  return laidOut >= sampled * SHARE;
}
