/**
 * The command line's options, parsed once. A mistake in them (an unknown option, a value missing
 * or out of range) stops the command with a one-line message, as a bad setting does, never with a
 * stack trace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SettingsError } from './config.ts';

const OPTIONS = {
  'rebuild-db': { type: 'string' },
  port: { type: 'string' },
  example: { type: 'boolean' },
  user: { type: 'string' },
  roles: { type: 'string' },
  hours: { type: 'string' },
  force: { type: 'boolean' },
  'populate-example': { type: 'boolean' },
  'populate-connector': { type: 'string' },
  connector: { type: 'string' },
  limit: { type: 'string' },
  from: { type: 'string' },
  full: { type: 'boolean' },
  schedule: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Node's argument parser names its own errors ERR_PARSE_ARGS_…: those are the caller's mistakes. */
function isArgumentMistake(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

export function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    if (isArgumentMistake(error)) throw new SettingsError(`${error.message}\nRun with --help to see the commands and their options.`);
    throw error;
  }
}

/** `--port`: a whole number from 0 to 65535, or `fallback` when not given. */
export function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new SettingsError(`--port must be a whole number from 0 to 65535 (not '${value}')`);
  return Number(value);
}

/** A JSON file named on the command line, or a message saying why it cannot be read. */
export function readJsonFile(file: string, command: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsError(`${command}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${command}: ${file} is not JSON (${(error as Error).message})`);
  }
}
