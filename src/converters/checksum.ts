/** Distribution checksums, shared by the formats that carry them. */
import { readString } from './read-object.ts';
import type { ReadObject } from './types.ts';

export interface Checksum {
  /** Lower case, separators removed: "SHA-256" → "sha256". */
  algorithm: string | undefined;
  value: string;
}

export function checksumOf(distribution: ReadObject): Checksum | undefined {
  const value = readString(distribution, 'checksum');
  if (value === undefined) return undefined;
  const algorithm = readString(distribution, 'checksum_algorithm')?.toLowerCase().replace(/[^a-z0-9]/g, '');
  return { algorithm, value };
}
