/** JSON logs on stdout (pino): one line per event, machine-readable, cheap on the hot path. */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, name = 'aiod'): Logger {
  return pino({ name, level, base: { service: name } });
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
