/** Asset identifiers: `<prefix>_<24 characters of [A-Za-z0-9]>`, from a cryptographic source. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_LENGTH = 24;
// 248 = 4 × 62: bytes at or above it are skipped so every character is equally likely.
const UNBIASED_LIMIT = 248;

export function newIdentifier(prefix: string): string {
  let result = '';
  while (result.length < RANDOM_LENGTH) {
    for (const byte of randomBytes(32)) {
      if (byte < UNBIASED_LIMIT && result.length < RANDOM_LENGTH) result += ALPHABET[byte % 62];
    }
  }
  return `${prefix}_${result}`;
}

export const IDENTIFIER_PATTERN = /^[A-Za-z]{1,4}_[A-Za-z0-9]{24}$/;
