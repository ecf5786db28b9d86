/**
 * Every match of a query scored from the words' entry sets (doc-sets.ts): a few rows per word and
 * block of doc ids, each holding the members and their impacts (read only for the sets not held
 * in memory, doc-set-cache.ts), then scores summed per doc id in memory. Where ranking through
 * the posting rows costs a row or a probe per entry read (about a microsecond each, several on a
 * large index), this costs a few nanoseconds per entry, so ranking words found in most entries
 * is exact, counted and fast. Used when the query searches whole entries, on any or some
 * platforms (the sets know neither fields nor dates), and its words have at most
 * BLOCK_RANKING_LIMIT entries between them; beyond, the threshold algorithm (ranked-hits.ts)
 * reads only the best postings. */
import { addWeightedImpacts, BLOCK_SIZE, countMembers } from './doc-sets.ts';
import type { DocSetRow, DocSetSource } from './doc-set-cache.ts';
import { blockMatches } from './doc-set-count.ts';
import { entrySetsAnswer, platformTermsOf, type QueryPlan, type WordStats } from './query-plan.ts';

/** Entries (summed over the words) scored from the sets at most: ~2 bytes read and a few ns each. */
export const BLOCK_RANKING_LIMIT = 2_000_000;

/** Whether the query can be ranked from the sets, reading at most `limit` entries' impacts. */
export function blockRankable(plan: QueryPlan, stats: WordStats, limit: number): boolean {
  const entries = stats.searched.reduce((sum, n) => sum + n, 0);
  return entrySetsAnswer(plan) && entries <= limit;
}

/**
 * The best `size` entries offered, by score and then doc id. Entries must be offered in doc id
 * order: a later entry with an equal score then never displaces an earlier one, as ties rank.
 */
class BestEntries {
  readonly #scores: number[] = [];
  readonly #docIds: number[] = [];
  /** The score an entry must beat to be kept, once full (the root's): callers test it first. */
  floor = -Infinity;

  constructor(private readonly size: number) {}

  /** A min-heap on (score, -doc id): its root is the entry the next better one displaces. */
  #worse(a: number, b: number): boolean {
    const scores = this.#scores;
    return (scores[a] as number) < (scores[b] as number) || (scores[a] === scores[b] && (this.#docIds[a] as number) > (this.#docIds[b] as number));
  }

  #swap(a: number, b: number): void {
    [this.#scores[a], this.#scores[b]] = [this.#scores[b] as number, this.#scores[a] as number];
    [this.#docIds[a], this.#docIds[b]] = [this.#docIds[b] as number, this.#docIds[a] as number];
  }

  offer(score: number, docId: number): void {
    if (score <= this.floor || this.size === 0) return;
    if (this.#scores.length < this.size) {
      this.#scores.push(score);
      this.#docIds.push(docId);
      for (let at = this.#scores.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!this.#worse(at, parent)) break;
        this.#swap(at, parent);
        at = parent;
      }
      if (this.#scores.length === this.size) this.floor = this.#scores[0] as number;
      return;
    }
    this.#scores[0] = score;
    this.#docIds[0] = docId;
    for (let at = 0; ; ) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < this.size && this.#worse(left, worst)) worst = left;
      if (right < this.size && this.#worse(right, worst)) worst = right;
      if (worst === at) break;
      this.#swap(at, worst);
      at = worst;
    }
    this.floor = this.#scores[0] as number;
  }

  /** Doc ids, best first. */
  ranked(): number[] {
    return this.#docIds
      .map((docId, index) => ({ docId, score: this.#scores[index] as number }))
      .sort((a, b) => b.score - a.score || a.docId - b.docId)
      .map((entry) => entry.docId);
  }
}

/** The page's doc ids (best first) and the exact number of matches. */
export async function blockRankedDocIds(sets: DocSetSource, plan: QueryPlan, stats: WordStats): Promise<{ docIds: number[]; total: number }> {
  const all = await sets.rows(plan, stats);
  const wordOf = new Map(plan.words.map((word, index) => [word, index]));
  const { offset, limit } = plan.query;
  const best = new BestEntries(offset + limit);
  const scores = new Float64Array(BLOCK_SIZE);
  const platformTerms = new Set(platformTermsOf(plan));
  const everyMember = !plan.all && platformTerms.size === 0;
  let total = 0;
  for (let start = 0; start < all.length; ) {
    const blockNumber = (all[start] as DocSetRow).blockNumber;
    let end = start;
    while (end < all.length && (all[end] as DocSetRow).blockNumber === blockNumber) end += 1;
    const block = all.slice(start, end);
    start = end;
    const matches = blockMatches(block, plan, platformTerms);
    const matchCount = countMembers(matches);
    if (matchCount === 0) continue;
    total += matchCount;
    scores.fill(0);
    // Summed in word order, as every other evaluation sums them: equal impacts, equal scores.
    const wordRows = block.filter((row) => wordOf.has(row.term));
    wordRows.sort((a, b) => (wordOf.get(a.term) as number) - (wordOf.get(b.term) as number));
    for (const { term, members, impacts } of wordRows) {
      const weight = stats.idf[wordOf.get(term) as number] as number;
      // Unless any entry with any word matches, only the matches are scored.
      addWeightedImpacts(members, impacts, weight, scores, everyMember ? undefined : matches);
    }
    const firstDocId = blockNumber * BLOCK_SIZE;
    for (let memberOffset = 0; memberOffset < BLOCK_SIZE; memberOffset++) {
      const score = scores[memberOffset] as number;
      // Only matches score above 0: every member of a word when any entry with any word matches,
      // else only the matches were scored (impacts are at least 1, weights positive).
      if (score > best.floor && score > 0) best.offer(score, firstDocId + memberOffset);
    }
  }
  return { docIds: best.ranked().slice(offset), total };
}
