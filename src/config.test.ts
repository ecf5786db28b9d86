import { describe, expect, it } from 'vitest';
import { describeSettings, loadSettings, SettingsError } from './config.ts';

describe('settings', () => {
  it('has defaults for everything', () => {
    const settings = loadSettings({});
    expect(settings.PORT).toBe(8000);
    expect(settings.DATABASE_URL).toBe('./data/catalogue.sqlite');
    expect(settings.CORS_ORIGINS).toEqual(['*']);
    expect(settings.REBUILD_DB).toBe('only-if-empty');
  });

  it('parses values and treats empty strings as unset', () => {
    const settings = loadSettings({ PORT: '9000', CORS_ORIGINS: 'https://a.org, https://b.org', LOG_LEVEL: '', DISABLE_REVIEWS: 'true' });
    expect(settings.PORT).toBe(9000);
    expect(settings.CORS_ORIGINS).toEqual(['https://a.org', 'https://b.org']);
    expect(settings.LOG_LEVEL).toBe('info');
    expect(settings.DISABLE_REVIEWS).toBe(true);
  });

  it('names every bad setting', () => {
    expect(() => loadSettings({ PORT: 'x', DEPLOYMENT_TYPE: 'staging', URL_PREFIX: 'api/' })).toThrow(SettingsError);
    try {
      loadSettings({ PORT: 'x', DEPLOYMENT_TYPE: 'staging', URL_PREFIX: 'api/' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DEPLOYMENT_TYPE');
      expect(message).toContain('URL_PREFIX');
    }
  });

  it('takes a SQLite path or a MySQL/MariaDB URL naming its database, and refuses other database URLs', () => {
    for (const url of ['./data/x.sqlite', 'sqlite:/tmp/x.sqlite', 'mysql://u:p@db:3306/aiod', 'mariadb://db/aiod']) {
      expect(loadSettings({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    const refusals: Array<[string, string]> = [
      ['postgres://db/aiod', 'DATABASE_URL: postgres:// is not supported'],
      ['mysql://u:p@db:3306', 'DATABASE_URL: name the database'],
      ['mysql://u:p@db:3306/', 'DATABASE_URL: name the database'],
      ['sqlite:', 'DATABASE_URL: the SQLite file path is empty'],
    ];
    for (const [url, message] of refusals) expect(() => loadSettings({ DATABASE_URL: url }), url).toThrow(message);
  });

  it('takes CORS origins as scheme://host[:port] or *', () => {
    expect(loadSettings({ CORS_ORIGINS: 'http://localhost:3000,https://portal.example.org' }).CORS_ORIGINS).toEqual([
      'http://localhost:3000',
      'https://portal.example.org',
    ]);
    for (const origins of ['portal.example.org', 'https://portal.example.org/', 'https://a.org,not an origin']) {
      expect(() => loadSettings({ CORS_ORIGINS: origins }), origins).toThrow('CORS_ORIGINS');
    }
  });

  it('describes every setting with its default', () => {
    const described = describeSettings();
    expect(described.find((item) => item.name === 'PORT')).toMatchObject({ defaultValue: '8000' });
    expect(described.find((item) => item.name === 'CORS_ORIGINS')).toMatchObject({ defaultValue: '*' });
    expect(described.find((item) => item.name === 'URL_PREFIX')).toMatchObject({ defaultValue: '(empty)' });
    expect(described.every((item) => item.description.length > 0)).toBe(true);
  });
});
