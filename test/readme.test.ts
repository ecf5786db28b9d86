/** The README documents what the code does: every setting with its real default, the test command. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsTable } from '../scripts/settings-table.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('carries the current settings table', () => {
    const start = readme.indexOf('<!-- settings:start');
    const end = readme.indexOf('<!-- settings:end -->');
    const documented = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    expect(documented).toBe(settingsTable());
  });

  it('names the two set-up commands and the test command CI runs', () => {
    expect(readme).toContain('npm install\nnpm start');
    expect(readme).toContain('npm test');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toContain('npm test');
    const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
    expect(scripts.start).toContain('serve');
    expect(scripts.test).toBe('vitest run');
  });
});
