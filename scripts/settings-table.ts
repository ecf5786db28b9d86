/** Prints the README's settings table from the settings schema (`npx tsx scripts/settings-table.ts`). */
import { describeSettings } from '../src/config.ts';

export function settingsTable(): string {
  const rows = describeSettings().map(
    (setting) => `| \`${setting.name}\` | \`${setting.defaultValue}\` | ${setting.description} |`,
  );
  return ['| Setting | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${settingsTable()}\n`);
