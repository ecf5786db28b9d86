/**
 * A stand-in for OpenML's JSON API (`/api/v1/json`) on loopback, answering with the recorded
 * shapes (test/fixtures/openml/, real OpenML answers) from mutable in-memory datasets and flows:
 * lists honour `limit/<n>/offset/<m>` in the path and end in OpenML's 412 "no results" (code 372
 * for datasets, 500 for flows). Tests add generated items (for paging), edit and remove items,
 * break a detail record, and queue faults (a 500 once, a 429 with Retry-After once, a foreign 412).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { type FixtureServer, type RecordedRequest, sendJson, sendText, startFixtureServer } from '../helpers/fixture-server.ts';

type Json = Record<string, any>;

const fixtureDirectory = fileURLToPath(new URL('../fixtures/openml/', import.meta.url));
export const openMlFixture = (name: string): Json => JSON.parse(readFileSync(`${fixtureDirectory}${name}`, 'utf8')) as Json;

export interface DatasetEntry {
  /** The list entry (`did`, `name`, `quality`, …). */
  listed: Json;
  /** `data_set_description`. */
  description: Json;
  /** `data_qualities.quality`. */
  qualities: Json[];
  /** How the detail answer is broken, if it is. */
  broken?: 'malformed-json' | 'non-string-description' | 'not-found';
}

export interface FlowEntry {
  listed: Json;
  flow: Json;
  broken?: 'malformed-json' | 'not-found';
}

export interface Fault {
  /** Requests whose path starts with this (after /api/v1/json) get the fault. */
  pathPrefix: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests get it (default 1). */
  times?: number;
}

export interface OpenMlServer {
  /** The value of OPENML_API_URL. */
  apiUrl: string;
  server: FixtureServer;
  datasets: Map<number, DatasetEntry>;
  flows: Map<number, FlowEntry>;
  /** Paths (after /api/v1/json) of the requests so far. */
  paths(): string[];
  /** Appends `count` generated datasets with ids after the last one; returns their ids. */
  addDatasets(count: number): number[];
  addFlows(count: number, options?: { name?: (id: number) => string }): number[];
  editDatasetDescription(id: number, description: string): void;
  removeDataset(id: number): void;
  breakDataset(id: number, how: NonNullable<DatasetEntry['broken']>): void;
  /** The next matching request(s) get this answer instead. */
  fault(fault: Fault): void;
  serverErrorOnce(pathPrefix: string): void;
  rateLimitOnce(pathPrefix: string): void;
  close(): Promise<void>;
}

const API_PATH = '/api/v1/json';

function recordedDatasets(): Map<number, DatasetEntry> {
  const listed = [...openMlFixture('list_offset_0.json').data.dataset, ...openMlFixture('list_offset_2.json').data.dataset] as Json[];
  const datasets = new Map<number, DatasetEntry>();
  for (const item of listed) {
    datasets.set(item.did, {
      listed: item,
      description: openMlFixture(`data_${item.did}.json`).data_set_description,
      qualities: openMlFixture(`data_${item.did}_qualities.json`).data_qualities.quality,
    });
  }
  return datasets;
}

function recordedFlows(): Map<number, FlowEntry> {
  const listed = [...openMlFixture('mlmodel_list_offset_0.json').flows.flow, ...openMlFixture('mlmodel_list_offset_2.json').flows.flow] as Json[];
  const flows = new Map<number, FlowEntry>();
  for (const item of listed) flows.set(item.id, { listed: item, flow: openMlFixture(`mlmodel_${item.id}.json`).flow });
  return flows;
}

/** A dataset shaped like the recorded dataset 3, with its own id, name and size. */
function generatedDataset(template: DatasetEntry, id: number): DatasetEntry {
  const name = `generated-${id}`;
  const instances = { name: 'NumberOfInstances', value: `${100 + id}.0` };
  return {
    listed: { ...template.listed, did: id, name, file_id: id, quality: [instances] },
    description: {
      ...template.description,
      id: String(id),
      name,
      description: `Generated dataset ${id}.`,
      url: `https://api.openml.org/data/v1/download/${id}/${name}.arff`,
      file_id: String(id),
      creator: [`Creator ${id}`],
      contributor: 'Rob Holte',
    },
    qualities: [instances],
  };
}

function generatedFlow(template: FlowEntry, id: number, name: string): FlowEntry {
  return {
    listed: { ...template.listed, id, name, full_name: `${name}(1)` },
    flow: { ...template.flow, id: String(id), name, description: `Generated flow ${id}.`, tag: ['generated'] },
  };
}

function page<T>(entries: Map<number, T>, limit: number, offset: number): T[] {
  return [...entries.entries()].sort(([a], [b]) => a - b).slice(offset, offset + limit).map(([, entry]) => entry);
}

export async function startOpenMlServer(): Promise<OpenMlServer> {
  const datasets = recordedDatasets();
  const flows = recordedFlows();
  const datasetTemplate = datasets.get(3)!;
  const flowTemplate = flows.get(1)!;
  const faults: Array<Required<Pick<Fault, 'times'>> & Fault> = [];

  const noResults = (response: ServerResponse, code: string) => sendJson(response, 412, { error: { code, message: 'No results' } });

  function answer(path: string, response: ServerResponse): void {
    const fault = faults.find((candidate) => path.startsWith(candidate.pathPrefix) && candidate.times > 0);
    if (fault) {
      fault.times -= 1;
      sendJson(response, fault.status, fault.body ?? { error: { code: String(fault.status), message: 'fault' } }, fault.headers);
      return;
    }
    let match = /^\/(data|flow)\/list\/limit\/(\d+)\/offset\/(\d+)$/.exec(path);
    if (match) {
      const [, kind, limit, offset] = match;
      if (kind === 'data') {
        const items = page(datasets, Number(limit), Number(offset));
        if (items.length === 0) return noResults(response, '372');
        return sendJson(response, 200, { data: { dataset: items.map((entry) => entry.listed) } });
      }
      const items = page(flows, Number(limit), Number(offset));
      if (items.length === 0) return noResults(response, '500');
      return sendJson(response, 200, { flows: { flow: items.map((entry) => entry.listed) } });
    }
    match = /^\/data\/qualities\/(\d+)$/.exec(path);
    if (match) {
      const entry = datasets.get(Number(match[1]));
      if (!entry) return sendJson(response, 412, { error: { code: '360', message: 'Unknown dataset' } });
      return sendJson(response, 200, { data_qualities: { quality: entry.qualities } });
    }
    match = /^\/data\/(\d+)$/.exec(path);
    if (match) {
      const entry = datasets.get(Number(match[1]));
      if (!entry || entry.broken === 'not-found') return sendJson(response, 412, { error: { code: '111', message: 'Unknown dataset' } });
      if (entry.broken === 'malformed-json') return sendText(response, 200, '{"data_set_description": {"id": ', 'application/json');
      const description = entry.broken === 'non-string-description' ? { ...entry.description, description: { text: 'not a string' } } : entry.description;
      return sendJson(response, 200, { data_set_description: description });
    }
    match = /^\/flow\/(\d+)$/.exec(path);
    if (match) {
      const entry = flows.get(Number(match[1]));
      if (!entry || entry.broken === 'not-found') return sendJson(response, 412, { error: { code: '181', message: 'Unknown flow' } });
      if (entry.broken === 'malformed-json') return sendText(response, 200, '{"flow": {', 'application/json');
      return sendJson(response, 200, { flow: entry.flow });
    }
    sendJson(response, 404, { error: { code: '0', message: `no fixture for ${path}` } });
  }

  const server = await startFixtureServer((request: RecordedRequest, response) => {
    const url = new URL(request.url, 'http://fixture');
    if (!url.pathname.startsWith(API_PATH)) return sendJson(response, 404, { error: 'not the OpenML API' });
    answer(url.pathname.slice(API_PATH.length), response);
  });

  const nextId = (entries: Map<number, unknown>) => Math.max(0, ...entries.keys()) + 1;

  return {
    apiUrl: `${server.url}${API_PATH}`,
    server,
    datasets,
    flows,
    paths: () => server.requests.map((request) => new URL(request.url, 'http://fixture').pathname.slice(API_PATH.length)),
    addDatasets(count) {
      const first = nextId(datasets);
      const ids = Array.from({ length: count }, (_, index) => first + index);
      for (const id of ids) datasets.set(id, generatedDataset(datasetTemplate, id));
      return ids;
    },
    addFlows(count, options = {}) {
      const first = nextId(flows);
      const ids = Array.from({ length: count }, (_, index) => first + index);
      for (const id of ids) flows.set(id, generatedFlow(flowTemplate, id, options.name?.(id) ?? `openml.generated.Flow${id}`));
      return ids;
    },
    editDatasetDescription(id, description) {
      const entry = datasets.get(id);
      if (!entry) throw new Error(`no dataset ${id}`);
      entry.description = { ...entry.description, description };
    },
    removeDataset(id) {
      if (!datasets.delete(id)) throw new Error(`no dataset ${id}`);
    },
    breakDataset(id, how) {
      const entry = datasets.get(id);
      if (!entry) throw new Error(`no dataset ${id}`);
      entry.broken = how;
    },
    fault(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    serverErrorOnce(pathPrefix) {
      faults.push({ pathPrefix, status: 500, times: 1 });
    },
    rateLimitOnce(pathPrefix) {
      faults.push({ pathPrefix, status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate limited' }, times: 1 });
    },
    close: () => server.close(),
  };
}
