/**
 * Typed reads of a read object's fields. Read objects arrive as plain JSON, so every converter reads
 * through these instead of casting: a field of an unexpected shape reads as absent, never as a crash.
 */
import type { ReadObject } from './types.ts';

export function readString(object: ReadObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function readNumber(object: ReadObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readBoolean(object: ReadObject | undefined, key: string): boolean | undefined {
  const value = object?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function readStrings(object: ReadObject | undefined, key: string): string[] {
  const value = object?.[key];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function isRecord(value: unknown): value is ReadObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(object: ReadObject | undefined, key: string): ReadObject | undefined {
  const value = object?.[key];
  return isRecord(value) ? value : undefined;
}

export function readObjects(object: ReadObject | undefined, key: string): ReadObject[] {
  const value = object?.[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A Text value object (description, content): the plain form, else the HTML form. */
export function readText(object: ReadObject | undefined, key: string): string | undefined {
  const text = readObject(object, key);
  return readString(text, 'plain') ?? readString(text, 'html');
}

/** `aiod_entry.date_modified`: when the catalogue entry last changed. */
export function readDateModified(object: ReadObject): string | undefined {
  return readString(readObject(object, 'aiod_entry'), 'date_modified');
}

/** E-mail addresses that are addresses: anonymous callers get a mask ("******") in their place. */
export function readEmails(contact: ReadObject | undefined): string[] {
  return readStrings(contact, 'email').filter((email) => /^[^\s@]+@[^\s@]+$/.test(email));
}

/** The identifiers a reference field holds, whether it holds one (`ref`) or a list (`refs`). */
export function readIdentifiers(object: ReadObject | undefined, key: string): string[] {
  const single = readString(object, key);
  return single === undefined ? readStrings(object, key) : [single];
}
