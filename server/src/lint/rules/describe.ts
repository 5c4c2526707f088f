/** Shared wording of the rules' messages: what a lock blocks, said the same way everywhere. */
export const BLOCKS_WRITES = 'blocks INSERT, UPDATE and DELETE on it until it finishes';
export const BLOCKS_EVERYTHING = 'blocks every read and write of it until the transaction commits';

export function quoted(name: string): string {
  return `"${name}"`;
}
