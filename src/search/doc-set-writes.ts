/**
 * Keeps `search_doc_set` in step with the posting rows, inside the index writer's transaction:
 * the writer notes which doc ids join or leave which term's entries, and `applyDocSetChanges`
 * rewrites each touched block once (read, change, write back). Index writes are serialized by
 * the indexer's position lock, so no other writer changes a block in between.
 */
import type { DialectName } from '../database/db.ts';
import { type Executor, replaceRows } from '../database/dialect.ts';
import { inListChunks } from '../database/in-lists.ts';
import { addMember, blockOf, decodeBlock, emptyBlock, encodeBlock, removeMember } from './doc-sets.ts';

/** Per block ("type_no block_no"), per term: doc id → joins (true) or leaves (false). */
export type DocSetChanges = Map<string, Map<string, Map<number, boolean>>>;

export function noteMembership(changes: DocSetChanges, term: string, typeNumber: number, docId: number, joins: boolean): void {
  const blockKey = `${typeNumber} ${blockOf(docId)}`;
  let terms = changes.get(blockKey);
  if (!terms) changes.set(blockKey, (terms = new Map()));
  let members = terms.get(term);
  if (!members) terms.set(term, (members = new Map()));
  members.set(docId, joins);
}

/** Terms per statement: one index range each on (term, type_no, block_no). */
const TERMS_PER_STATEMENT = 100;

export async function applyDocSetChanges(executor: Executor, dialect: DialectName, changes: DocSetChanges): Promise<void> {
  for (const [blockKey, terms] of changes) {
    const [typeNumber, blockNumber] = blockKey.split(' ').map(Number) as [number, number];
    for (const chunk of inListChunks([...terms.keys()], TERMS_PER_STATEMENT)) {
      const stored = await executor
        .selectFrom('search_doc_set')
        .select(['term', 'members'])
        .where('type_no', '=', typeNumber)
        .where('block_no', '=', blockNumber)
        .where('term', 'in', chunk)
        .execute();
      const current = new Map(stored.map((row) => [row.term, row.members]));
      const written: Array<{ term: string; type_no: number; block_no: number; members: Buffer }> = [];
      const emptied: string[] = [];
      for (const term of chunk) {
        const before = current.get(term);
        const bits = before ? decodeBlock(before) : emptyBlock();
        for (const [docId, joins] of terms.get(term) as Map<number, boolean>) {
          if (joins) addMember(bits, docId);
          else removeMember(bits, docId);
        }
        const members = encodeBlock(bits);
        if (members) written.push({ term, type_no: typeNumber, block_no: blockNumber, members });
        else if (before) emptied.push(term);
      }
      await replaceRows(executor, dialect, 'search_doc_set', ['term', 'type_no', 'block_no'], 'members', written);
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
