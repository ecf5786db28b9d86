/**
 * Paging through an OpenML list endpoint (`…/list/limit/<n>/offset/<m>`). OpenML answers the
 * offset past the last item with HTTP 412 and its "no results" code for that list (372 datasets,
 * 500 flows); any other 412 is a real error and fails the run, as does a list that cannot be read.
 */
import type { HttpClient, HttpResponse } from '../http-client.ts';

export interface ListEndpoint<T> {
  /** e.g. `https://www.openml.org/api/v1/json/data/list` */
  url: string;
  /** OpenML's "no results" error code of this list. */
  endCode: string;
  /** The items of one answer; throws when the answer has another shape. */
  items(body: unknown): T[];
}

export interface ListPage<T> {
  /** Offset of the first item. */
  offset: number;
  items: T[];
}

export interface PagingOptions {
  offset: number;
  pageSize: number;
  signal?: AbortSignal;
}

/** OpenML's `{"error": {"code", "message"}}`, when the body is one. */
export function openMlError(response: HttpResponse): { code?: string; message?: string } {
  try {
    const error = response.json<{ error?: { code?: unknown; message?: unknown } }>()?.error;
    return { code: error?.code === undefined ? undefined : String(error.code), message: error?.message === undefined ? undefined : String(error.message) };
  } catch {
    return {};
  }
}

export async function* listPages<T>(http: HttpClient, endpoint: ListEndpoint<T>, options: PagingOptions): AsyncGenerator<ListPage<T>> {
  let offset = options.offset;
  for (;;) {
    const url = `${endpoint.url}/limit/${options.pageSize}/offset/${offset}`;
    const response = await http.get(url, { acceptStatus: [412], signal: options.signal });
    if (response.status === 412) {
      const error = openMlError(response);
      if (error.code === endpoint.endCode) return;
      throw new Error(`GET ${url} answered 412 with OpenML error ${error.code ?? '(none)'}: ${error.message ?? response.body.slice(0, 200)}`);
    }
    const items = endpoint.items(response.json());
    if (items.length > 0) yield { offset, items };
    // A short page is the last one: saves asking for the 412 that would follow.
    if (items.length < options.pageSize) return;
    offset += items.length;
  }
}
