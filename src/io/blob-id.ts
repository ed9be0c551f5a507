import { createHash } from 'node:crypto';

/**
 * git's blob id of some bytes (`git hash-object`), in the object format of `sample` when one
 * is given (a 64-hex id: sha256 repository; otherwise sha1).
 */
export function blobId(bytes: Uint8Array, sample?: string): string {
  const hash = createHash(sample?.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.byteLength}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}
