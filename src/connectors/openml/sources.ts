/**
 * The two OpenML lists this connector walks and how one item of each is read: datasets
 * (`/data/list`, `/data/<id>`, `/data/qualities/<id>`) and flows (`/flow/list`, `/flow/<id>`).
 */
import type { HttpClient } from '../http-client.ts';
import { datasetDescription, mapDataset, type MappedRecord, type Quality, qualityList } from './dataset.ts';
import { flowDescription, isSkippedFlow, mapFlow } from './flow.ts';
import type { ListEndpoint } from './paging.ts';
import { isRecordProblem } from './problems.ts';
import type { OpenMlState } from './state.ts';

export type ListItem = Record<string, unknown>;

export interface Source {
  /** The resource its records are. */
  resource: 'datasets' | 'ml_models';
  /** Its cursor in the state. */
  cursor: keyof Pick<OpenMlState, 'datasets' | 'flows'>;
  list: ListEndpoint<ListItem>;
  /** The item's OpenML id. */
  id(item: ListItem): unknown;
  /** Items that are listed but not harvested. */
  skip(item: ListItem): boolean;
  /** Reads and maps one item; `item` is its list entry when it came from the list. */
  read(id: number, item?: ListItem): Promise<MappedRecord>;
}

function listed(body: unknown, outer: string, inner: string): ListItem[] {
  const items = (body as Record<string, Record<string, unknown> | undefined> | null)?.[outer]?.[inner];
  if (!Array.isArray(items)) throw new Error(`the OpenML list answer has no ${outer}.${inner} list`);
  return items as ListItem[];
}

export function openMlSources(http: HttpClient, apiUrl: string, signal: AbortSignal): Source[] {
  const base = apiUrl.replace(/\/+$/, '');
  const getJson = async (url: string): Promise<unknown> => (await http.get(url, { signal })).json();

  /** Qualities are optional (not computed yet for a new dataset): a record-level failure means none. */
  async function qualities(id: number): Promise<Quality[]> {
    try {
      return qualityList(await getJson(`${base}/data/qualities/${id}`));
    } catch (error) {
      if (isRecordProblem(error)) return [];
      throw error;
    }
  }

  const datasets: Source = {
    resource: 'datasets',
    cursor: 'datasets',
    list: { url: `${base}/data/list`, endCode: '372', items: (body) => listed(body, 'data', 'dataset') },
    id: (item) => item.did,
    skip: () => false,
    async read(id, item) {
      // The list already carries the qualities the mapping needs; ask for them only without it (retries).
      const [description, itemQualities] = await Promise.all([
        getJson(`${base}/data/${id}`),
        Array.isArray(item?.quality) ? (item.quality as Quality[]) : qualities(id),
      ]);
      return mapDataset(datasetDescription(description), itemQualities, `${base}/data/${id}`);
    },
  };

  const flows: Source = {
    resource: 'ml_models',
    cursor: 'flows',
    list: { url: `${base}/flow/list`, endCode: '500', items: (body) => listed(body, 'flows', 'flow') },
    id: (item) => item.id,
    skip: (item) => isSkippedFlow(item.name),
    async read(id) {
      return mapFlow(flowDescription(await getJson(`${base}/flow/${id}`)), `${base}/flow/${id}`);
    },
  };

  return [datasets, flows];
}
