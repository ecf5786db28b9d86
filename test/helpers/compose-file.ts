/**
 * docker-compose.yml and .env.example as the tests see them: the YAML parsed with merge keys (as
 * Compose reads them), Compose's variable interpolation (${VAR}, ${VAR:-default}, ${VAR-default},
 * ${VAR:?error}, ${VAR?error}, ${VAR:+alternative}, $$), and .env.example with its comments.
 * There is no Docker engine on CI machines, so this is how the deployment files are checked.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';

export const repositoryFile = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;
export const readRepositoryFile = (path: string): string => readFileSync(repositoryFile(path), 'utf8');

export interface Healthcheck {
  test?: string[] | string;
  disable?: boolean;
  interval?: string;
  timeout?: string;
  start_period?: string;
  retries?: number;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: Healthcheck;
  restart?: string;
  init?: boolean;
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export function loadComposeFile(): ComposeFile {
  return parse(readRepositoryFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** ${NAME...} references; `$$` is an escaped dollar (left for the container's shell). */
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface VariableUse {
  name: string;
  /** Operator: '' (plain), ':-', '-', ':?', '?', ':+', or 'bare' for an unbraced $NAME. */
  operator: string;
  argument: string;
}

export function variableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    if (match[0] === '$$') continue;
    if (match[4]) uses.push({ name: match[4], operator: 'bare', argument: '' });
    else uses.push({ name: match[1] as string, operator: match[2] ?? '', argument: match[3] ?? '' });
  }
  return uses;
}

export class MissingVariableError extends Error {}

/** Compose's interpolation of one string. */
export function interpolate(text: string, environment: Record<string, string | undefined>): string {
  return text.replace(REFERENCE, (whole, name: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    if (bare) return environment[bare] ?? '';
    const value = environment[name as string];
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (operator) {
      case ':-':
        return nonEmpty ? (value as string) : (argument as string);
      case '-':
        return set ? (value as string) : (argument as string);
      case ':?':
        if (!nonEmpty) throw new MissingVariableError(`${name}: ${argument}`);
        return value as string;
      case '?':
        if (!set) throw new MissingVariableError(`${name}: ${argument}`);
        return value as string;
      case ':+':
        return nonEmpty ? (argument as string) : '';
      default:
        return value ?? '';
    }
  });
}

/** Interpolates every string in a parsed value. */
export function interpolateAll<T>(value: T, environment: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, environment) as T;
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, environment)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, environment)])) as T;
  }
  return value;
}

/** Every string anywhere in a parsed value. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

export interface EnvExampleEntry {
  name: string;
  value: string;
  /** The comment lines right above the setting. */
  comment: string;
}

/** .env.example's settings with their values (parsed as Compose and Node parse .env files) and comments. */
export function loadEnvExample(): { entries: EnvExampleEntry[]; values: Record<string, string> } {
  const text = readRepositoryFile('.env.example');
  const values = parseEnv(text) as Record<string, string>;
  const entries: EnvExampleEntry[] = [];
  let comment: string[] = [];
  for (const line of text.split('\n')) {
    const setting = /^([A-Z][A-Z0-9_]*)=/.exec(line);
    if (line.startsWith('#')) comment.push(line.replace(/^#\s?/, ''));
    else if (setting) {
      const name = setting[1] as string;
      entries.push({ name, value: values[name] ?? '', comment: comment.join(' ').trim() });
      comment = [];
    } else comment = [];
  }
  return { entries, values };
}

/** The services' effective environment maps, as strings. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) throw new Error('use the map form of environment');
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

/** depends_on in its long form (the short form has no conditions, so the tests refuse it). */
export function dependenciesOf(service: ComposeService): Record<string, { condition?: string }> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, {}]));
  return dependsOn;
}
