/**
 * A stand-in for the HuggingFace Hub and its dataset viewer, on loopback. It starts from the
 * recorded datasets (test/fixtures/huggingface/) and answers like the real services:
 * - `GET /api/datasets?limit=N[&cursor=C]`: newest `lastModified` first (ties by `_id`), pages of at
 *   most `pageSize`, the next page in `Link: <...>; rel="next"` with an opaque cursor;
 * - `GET /api/datasets/<repo id>`: one dataset by its name (as a listing item), 404 for an unknown name;
 * - `GET /parquet?dataset=<repo id>`: the recorded parquet files, 404 for datasets without any.
 * (Both on one server: tests point HUGGINGFACE_API_URL and HUGGINGFACE_VIEWER_URL at it.)
 * The dataset list is mutable and has switches for what tests need: renames, edits, deletions,
 * malformed records and failing answers.
 */
import { readFileSync } from 'node:fs';
import { sendJson, startFixtureServer, type FixtureServer, type RecordedRequest } from '../helpers/fixture-server.ts';

type HubItem = Record<string, unknown>;

const FIXTURES = new URL('../fixtures/huggingface/', import.meta.url);

const readFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

/** The recorded listing items (both recordings), each with an `_id` and a `lastModified`. */
export function recordedDatasets(): HubItem[] {
  const items = [...(readFixture('data_list.json') as HubItem[]), ...(readFixture('data_list_incorrect_citation.json') as HubItem[])];
  return items.map((item, index) => ({
    ...item,
    _id: item._id ?? `fixture${String(index).padStart(20, '0')}`,
    lastModified: item.lastModified ?? item.createdAt ?? '2022-01-01T00:00:00.000Z',
  }));
}

/** Viewer answers by repo id: the recorded parquet_<id with / as _>.json files that list files. */
function recordedParquet(items: HubItem[]): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const item of items) {
    const repoId = String(item.id);
    try {
      const answer = readFixture(`parquet_${repoId.replace('/', '_')}.json`) as { parquet_files?: unknown };
      if (answer.parquet_files) answers.set(repoId, answer);
    } catch {
      // no recording: the viewer has no files for it
    }
  }
  return answers;
}

export interface HuggingFaceFixture {
  url: string;
  requests: RecordedRequest[];
  /** The Hub's datasets, in no particular order; tests may change them directly. */
  datasets: HubItem[];
  /** Viewer answers by repo id. */
  parquet: Map<string, unknown>;
  listingRequests(): RecordedRequest[];
  /** The repo moves to a new id: same `_id`, newer `lastModified`. */
  rename(repoId: string, newRepoId: string): HubItem;
  changeDescription(repoId: string, description: string): HubItem;
  remove(repoId: string): void;
  /** Adds a record without a repo id (`id`), modified last; returns its `_id`. */
  addMalformed(): string;
  /** The next listing request answers `status` (429 comes with `Retry-After: 1`). */
  failNextListing(status: number): void;
  /** The viewer answers `status` for this dataset from now on. */
  failViewer(repoId: string, status: number): void;
  /** The viewer answers normally for this dataset again. */
  healViewer(repoId: string): void;
  close(): Promise<void>;
}

const byNewest = (a: HubItem, b: HubItem): number =>
  String(b.lastModified).localeCompare(String(a.lastModified)) || String(b._id).localeCompare(String(a._id));

const encodeCursor = (item: HubItem): string => Buffer.from(JSON.stringify([item.lastModified, item._id])).toString('base64url');

function decodeCursor(cursor: string): HubItem | undefined {
  try {
    const [lastModified, _id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    return { lastModified, _id };
  } catch {
    return undefined;
  }
}

export async function startHuggingFaceFixture(options: { pageSize?: number } = {}): Promise<HuggingFaceFixture> {
  const datasets = recordedDatasets();
  const parquet = recordedParquet(datasets);
  const failures: number[] = [];
  const viewerFailures = new Map<string, number>();
  let server: FixtureServer | undefined = undefined;

  const find = (repoId: string): HubItem => {
    const item = datasets.find((candidate) => candidate.id === repoId);
    if (!item) throw new Error(`no fixture dataset ${repoId}`);
    return item;
  };
  // A clock ahead of every recorded change, so an edit is always the newest one.
  const newerThanAll = (): string => {
    const newest = Math.max(...datasets.map((item) => Date.parse(String(item.lastModified))).filter(Number.isFinite));
    return new Date(newest + 60_000).toISOString();
  };

  server = await startFixtureServer((request, response) => {
    const url = new URL(request.url, 'http://fixture');
    if (url.pathname === '/api/datasets') {
      const status = failures.shift();
      if (status !== undefined) {
        sendJson(response, status, { error: `fixture answers ${status}` }, status === 429 ? { 'retry-after': '1' } : {});
        return;
      }
      const size = Math.min(Number(url.searchParams.get('limit') ?? 1000) || 1000, options.pageSize ?? 1000);
      const sorted = [...datasets].sort(byNewest);
      const cursor = url.searchParams.get('cursor');
      const after = cursor ? decodeCursor(cursor) : undefined;
      if (cursor && !after) return sendJson(response, 400, { error: 'Invalid cursor' });
      const rest = after ? sorted.filter((item) => byNewest(after, item) < 0) : sorted;
      const page = rest.slice(0, size);
      const headers: Record<string, string> = {};
      if (rest.length > size) {
        const next = new URL(url.pathname + url.search, server!.url);
        next.searchParams.set('cursor', encodeCursor(page[page.length - 1]!));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return sendJson(response, 200, page, headers);
    }
    if (url.pathname.startsWith('/api/datasets/')) {
      const name = url.pathname.slice('/api/datasets/'.length).split('/').map(decodeURIComponent).join('/');
      const item = datasets.find((candidate) => candidate.id === name);
      return item ? sendJson(response, 200, item) : sendJson(response, 404, { error: 'Repository not found' });
    }
    if (url.pathname === '/parquet') {
      const repoId = url.searchParams.get('dataset') ?? '';
      const status = viewerFailures.get(repoId);
      if (status !== undefined) return sendJson(response, status, { error: `fixture answers ${status}` });
      const answer = parquet.get(repoId);
      return answer ? sendJson(response, 200, answer) : sendJson(response, 404, { error: 'Not found.' });
    }
    sendJson(response, 404, { error: 'Not Found' });
  });

  return {
    url: server.url,
    requests: server.requests,
    datasets,
    parquet,
    listingRequests: () => server.requests.filter((request) => request.url.startsWith('/api/datasets')),
    rename(repoId, newRepoId) {
      const item = find(repoId);
      Object.assign(item, { id: newRepoId, lastModified: newerThanAll() });
      const answer = parquet.get(repoId);
      if (answer) {
        parquet.delete(repoId);
        parquet.set(newRepoId, answer);
      }
      return item;
    },
    changeDescription(repoId, description) {
      return Object.assign(find(repoId), { description, lastModified: newerThanAll() });
    },
    remove(repoId) {
      datasets.splice(datasets.indexOf(find(repoId)), 1);
    },
    addMalformed() {
      const _id = `malformed${String(datasets.length).padStart(15, '0')}`;
      datasets.push({ _id, lastModified: newerThanAll(), private: false, tags: [] });
      return _id;
    },
    failNextListing(status) {
      failures.push(status);
    },
    failViewer(repoId, status) {
      viewerFailures.set(repoId, status);
    },
    healViewer(repoId) {
      viewerFailures.delete(repoId);
    },
    close: () => server.close(),
  };
}
