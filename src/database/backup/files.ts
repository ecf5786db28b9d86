/**
 * Backup files: written under a temporary name and renamed only once the content is checked, so a
 * backup that fails halfway never leaves a file that looks whole; compressed when the name ends in
 * `.gz`; read back compressed or not, whatever the name says (gzip is known by its magic bytes).
 */
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

export const isGzipName = (file: string): boolean => file.endsWith('.gz');

export const partialName = (file: string): string => `${file}.partial`;

export function prepareDirectory(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}

type Stage = Readable | Transform | Writable;

/**
 * Streams `source` through `transforms` into `file` (gzip-compressed for .gz names). `verify` runs
 * after the last byte is written and before the file gets its final name; if it throws, nothing
 * is left behind.
 */
export async function writeBackupFile(
  file: string,
  source: Readable,
  options: { transforms?: Transform[]; verify?: () => Promise<void> } = {},
): Promise<number> {
  prepareDirectory(file);
  const partial = partialName(file);
  const output = createWriteStream(partial, { mode: 0o600 });
  try {
    const stages: Stage[] = [source, ...(options.transforms ?? [])];
    if (isGzipName(file)) stages.push(createGzip());
    stages.push(output);
    await (pipeline as (...streams: Stage[]) => Promise<void>)(...stages);
    await options.verify?.();
    renameSync(partial, file);
    return output.bytesWritten;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Compresses an existing file into `file` (used for SQLite, whose backup API writes a file). */
export async function compressInto(file: string, plainFile: string): Promise<number> {
  return writeBackupFile(file, createReadStream(plainFile));
}

export function isGzipFile(file: string): boolean {
  const descriptor = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(descriptor, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(descriptor);
  }
}

/** Streams a backup's content (decompressed if it is gzip) into `destination`. */
export async function readBackupFileInto(file: string, destination: Writable): Promise<void> {
  const stages: Stage[] = [createReadStream(file)];
  if (isGzipFile(file)) stages.push(createGunzip());
  stages.push(destination);
  await (pipeline as (...streams: Stage[]) => Promise<void>)(...stages);
}
