import { createHash } from 'node:crypto';

/** The sha-256 of `data`, as 64 hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
