// Types of bench/generate-history.mjs for the TypeScript tests that call it.
export interface GenerateOptions {
  revisions: number;
  out: string;
  seed?: number | string;
  locations?: number;
  ops?: boolean;
  separator?: 'os' | 'space';
  force?: boolean;
}

export interface GeneratedHistory {
  dir: string;
  iniPath: string;
  revisions: number;
  heads: string[];
  bytes: number;
  files: number;
}

export function generateHistory(options: GenerateOptions): GeneratedHistory;
