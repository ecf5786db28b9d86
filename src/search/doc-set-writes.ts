/**
 * Keeps `search_doc_set` in step with the posting rows, inside the index writer's transaction:
 * the writer notes which doc ids join (with their impact) or leave which term's entries, and
 * `applyDocSetChanges` rewrites each touched block once (read, change, write back). Index writes
 * are serialized by the indexer's position lock, so no other writer changes a block in between.
 */
import type { DialectName } from '../database/db.ts';
import { type Executor, upsertRows } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import { blockOf, changeBlock, offsetInBlock } from './doc-sets.ts';

/** Per block ("type_no block_no"), per term: doc id → its impact, or 0 when it leaves. */
export type DocSetChanges = Map<string, Map<string, Map<number, number>>>;

/** Entry `docId` joins the term's entries with `impact`, or leaves them (impact 0). */
export function noteMembership(changes: DocSetChanges, term: string, typeNumber: number, docId: number, impact: number): void {
  const blockKey = `${typeNumber} ${blockOf(docId)}`;
  let terms = changes.get(blockKey);
  if (!terms) changes.set(blockKey, (terms = new Map()));
  let members = terms.get(term);
  if (!members) terms.set(term, (members = new Map()));
  members.set(docId, impact);
}

/** Terms per statement: one index range each on (term, type_no, block_no). */
const TERMS_PER_STATEMENT = 100;

export async function applyDocSetChanges(executor: Executor, dialect: DialectName, changes: DocSetChanges): Promise<void> {
  for (const [blockKey, terms] of changes) {
    const [typeNumber, blockNumber] = blockKey.split(' ').map(Number) as [number, number];
    for (const chunk of inListChunks([...terms.keys()], TERMS_PER_STATEMENT)) {
      const stored = await executor
        .selectFrom('search_doc_set')
        .select(['term', 'members', 'impacts'])
        .where('type_no', '=', typeNumber)
        .where('block_no', '=', blockNumber)
        .where('term', 'in', chunk)
        .execute();
      const current = new Map(stored.map((row) => [row.term, row]));
      const written: Array<{ term: string; type_no: number; block_no: number; members: Buffer; impacts: Buffer }> = [];
      const emptied: string[] = [];
      for (const term of chunk) {
        const before = current.get(term);
        const byOffset = new Map([...(terms.get(term) as Map<number, number>)].map(([docId, impact]) => [offsetInBlock(docId), impact]));
        const encoded = changeBlock(before, byOffset);
        if (encoded) written.push({ term, type_no: typeNumber, block_no: blockNumber, ...encoded });
        else if (before) emptied.push(term);
      }
      await upsertRows(executor, dialect, 'search_doc_set', ['term', 'type_no', 'block_no'], { members: 'replace', impacts: 'replace' }, written);
      if (emptied.length > 0) {
        await executor
          .deleteFrom('search_doc_set')
          .where('type_no', '=', typeNumber)
          .where('block_no', '=', blockNumber)
          .where('term', 'in', emptied)
          .execute();
      }
    }
  }
}
