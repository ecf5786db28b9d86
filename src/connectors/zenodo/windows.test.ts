import { describe, expect, it } from 'vitest';
import { DEFAULT_START, dayOfOption, firstWindow, isDay, nextDay, readState, stateAfter, windows } from './windows.ts';

describe('harvest windows', () => {
  it('walks day by day across month and year ends', () => {
    expect([...windows('2023-12-30', '2024-01-02')]).toEqual(['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02']);
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect([...windows('2024-01-03', '2024-01-02')]).toEqual([]);
  });

  it('starts at options.from, else the stored position, else AIoD start', () => {
    expect(firstWindow(null, undefined)).toBe(DEFAULT_START);
    expect(firstWindow({ nextWindowStart: '2024-03-01' }, undefined)).toBe('2024-03-01');
    expect(firstWindow({ nextWindowStart: '2024-03-01' }, '2023-01-05T10:00:00Z')).toBe('2023-01-05');
    expect(firstWindow({ nextWindowStart: 'garbage' }, undefined)).toBe(DEFAULT_START);
    expect(() => dayOfOption('yesterday')).toThrow(/ISO 8601/);
  });

  it('never moves the position past today', () => {
    expect(stateAfter('2024-01-01', '2024-01-03')).toEqual({ nextWindowStart: '2024-01-02' });
    expect(stateAfter('2024-01-03', '2024-01-03')).toEqual({ nextWindowStart: '2024-01-03' });
  });

  it('accepts only real days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(readState({ nextWindowStart: '2024-13-01' })).toBeUndefined();
  });
});
