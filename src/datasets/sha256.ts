/**
 * SHA-256 of a byte array as lowercase hex. On Node it uses `node:crypto` (loaded with a
 * dynamic import, so browser bundles never need it); elsewhere WebCrypto.
 */
import { NeuriteError } from '../errors.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The SHA-256 digest of `bytes`, 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  if (isNode) {
    // Synchronous OpenSSL hashing is several times faster than crypto.subtle on Node.
    const { createHash } = await import('node:crypto');
    return createHash('sha256').update(bytes).digest('hex');
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new NeuriteError('sha256: no WebCrypto (crypto.subtle) in this environment');
  }
  // digest() wants an ArrayBuffer-backed view; the copy also detaches it from shared memory.
  return toHex(new Uint8Array(await subtle.digest('SHA-256', new Uint8Array(bytes))));
}
