/**
 * The content hash every layer keys caches by (the index skips re-reading an unchanged file, the
 * offline engine finds compiled migrations): SHA-1 of the text as UTF-8, in hex. One function, so
 * a key computed by the index equals the key the engine computes from the same text. SHA-1 is
 * plenty to tell file versions apart (no adversary here) and faster than SHA-256.
 */
type Crypto = typeof import('node:crypto');
type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;

let crypto: Crypto | undefined;

export function contentHash(text: string | Uint8Array): string {
  // Loaded on first use: `alembic-lens heads` never hashes, and node:crypto costs milliseconds to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  crypto ??= require('node:crypto') as Crypto;
  // crypto.hash (Node 20.12+) skips the Hash object: about half the cost for thousands of small
  // files. Older Node versions (other editors' runtimes) use createHash.
  const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
  return oneShot ? oneShot('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
}
