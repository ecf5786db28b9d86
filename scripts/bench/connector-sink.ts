/**
 * Connector sink throughput: a local HTTP server plays a platform serving pages of dataset records
 * (the bench catalogue's shape: ~1 KB descriptions, keywords, a licence, distributions, creators as
 * contact records), and a connector harvests it through the real runner, HTTP client and sink.
 * Three runs: into an empty catalogue (every record created), again unchanged (every record
 * skipped by its content hash), and after 10% of the records changed upstream (updated).
 *
 * Standalone: npx tsx scripts/bench/connector-sink.ts --records 20000 --dialects sqlite,mysql
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { settingsWith } from '../../src/config.ts';
import type { Connector, ConnectorEvent } from '../../src/connectors/connector.ts';
import { runConnector, type RunSummary } from '../../src/connectors/runner.ts';
import type { DialectName } from '../../src/database/db.ts';
import type { Json } from '../../src/database/model/normalize.ts';
import { createLogger } from '../../src/logger.ts';
import { openCatalogue } from '../../src/startup.ts';
import { pick, pickSome, seededRandom } from './random.ts';
import { KEYWORDS, WORDS } from './seed-catalogue.ts';

const PAGE_SIZE = 500;
const CONTACTS = 1000;
const LICENCES = ['CC-BY-4.0', 'CC0-1.0', 'MIT', 'Apache-2.0'];

interface PlatformRecord {
  id: number;
  body: Json;
  creators: number[];
}

function platformRecords(count: number): PlatformRecord[] {
  const random = seededRandom(42);
  const sentence = (words: number) => Array.from({ length: words }, () => pick(random, WORDS)).join(' ');
  return Array.from({ length: count }, (_, index) => {
    let description = '';
    while (description.length < 1000) description += `${sentence(12)}. `;
    return {
      id: index + 1,
      creators: pickSome(random, Array.from({ length: CONTACTS }, (_, contact) => contact), 1, 3),
      body: {
        name: `${sentence(3)} ${index + 1}`,
        description: { plain: description.trim() },
        keyword: pickSome(random, KEYWORDS, 3, 8),
        license: pick(random, LICENCES),
        version: '1.0',
        is_accessible_for_free: true,
        distribution: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, file) => ({
          name: `part-${file}.parquet`,
          content_url: `https://example.org/data/${index + 1}/part-${file}.parquet`,
          encoding_format: 'application/x-parquet',
          content_size_kb: 1 + Math.floor(random() * 100_000),
        })),
      },
    };
  });
}

/**
 * The platform: GET /records?offset=N → a page of records, the page after it in `next`. Pages are
 * serialised by `publish()`, before a run is timed: a real platform's serving costs the harvester
 * nothing, so this process must not pay for it either.
 */
async function startPlatform(records: PlatformRecord[]) {
  let pages = new Map<number, string>();
  const publish = () => {
    pages = new Map();
    for (let offset = 0; offset < records.length; offset += PAGE_SIZE) {
      const next = offset + PAGE_SIZE < records.length ? offset + PAGE_SIZE : null;
      pages.set(offset, JSON.stringify({ records: records.slice(offset, offset + PAGE_SIZE), next }));
    }
  };
  const server = createServer((request, response) => {
    const offset = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('offset') ?? '0');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(pages.get(offset) ?? JSON.stringify({ records: [], next: null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publish,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function benchConnector(baseUrl: string): Connector {
  return {
    name: 'openml',
    platform: 'openml',
    resources: ['datasets'],
    async *run(context): AsyncGenerator<ConnectorEvent> {
      const contacts = new Set<number>();
      let offset: number | null = (context.state?.offset as number | undefined) ?? 0;
      while (offset !== null) {
        const response = await context.http.get(`${baseUrl}/records?offset=${offset}`, { signal: context.signal });
        const page: { records: PlatformRecord[]; next: number | null } = response.json();
        for (const record of page.records) {
          for (const creator of record.creators) {
            if (contacts.has(creator)) continue;
            contacts.add(creator);
            yield { kind: 'record', resource: 'contacts', platformResourceIdentifier: `creator:${creator}`, body: { name: `Researcher ${creator}` } };
          }
          const body = { ...record.body, creator: record.creators.map((creator) => `@contacts:creator:${creator}`) };
          yield { kind: 'record', resource: 'datasets', platformResourceIdentifier: String(record.id), body };
        }
        offset = page.next;
        yield { kind: 'checkpoint', state: { offset: offset ?? 0 } };
      }
      yield { kind: 'listed-all' };
    },
  };
}

export interface SinkMeasurement {
  dialect: DialectName;
  run: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  summary: RunSummary;
}

/** Harvests `count` records three times into the database at `url`; returns one row per run. */
export async function benchSink(dialect: DialectName, url: string, count: number, log: (line: string) => void): Promise<SinkMeasurement[]> {
  const records = platformRecords(count);
  const platform = await startPlatform(records);
  const settings = settingsWith({ DATABASE_URL: url, LOG_LEVEL: 'warn', DB_POOL_SIZE: '4', CONNECTOR_BATCH_SIZE: '500' });
  const catalogue = await openCatalogue(settings, createLogger('warn'), 'only-if-empty');
  const connector = benchConnector(platform.url);
  const measurements: SinkMeasurement[] = [];
  const measure = async (run: string) => {
    platform.publish();
    const started = performance.now();
    const summary = await runConnector(catalogue, connector, { full: true });
    const seconds = (performance.now() - started) / 1000;
    const handled = summary.created + summary.updated + summary.unchanged + summary.failed;
    const measurement = { dialect, run, records: handled, seconds, recordsPerSecond: handled / seconds, summary };
    log(`   sink, ${run}: ${handled} records in ${seconds.toFixed(1)} s = ${measurement.recordsPerSecond.toFixed(0)} records/s (${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed)`);
    measurements.push(measurement);
  };
  try {
    await measure('empty catalogue: every record created');
    await measure('nothing changed: every record skipped');
    for (const record of records) {
      if (record.id % 10 === 0) (record.body.description as { plain: string }).plain += ' Revised.';
    }
    await measure('10% of the datasets changed: updated');
  } finally {
    await catalogue.database.close();
    await platform.close();
  }
  return measurements;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '20000' },
      dialects: { type: 'string', default: 'sqlite' },
      'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306' },
    },
  });
  const { prepareBenchDatabase } = await import('./databases.ts');
  for (const dialect of (values.dialects as string).split(',') as DialectName[]) {
    const database = await prepareBenchDatabase(dialect, values['mysql-url'] as string);
    try {
      await benchSink(dialect, database.url, Number(values.records), (line) => process.stdout.write(`${line}\n`));
    } finally {
      await database.drop();
    }
  }
}
