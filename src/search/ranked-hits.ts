/**
 * The best entries of a several-word (or several-type) query without scoring every match: a
 * threshold algorithm over impact-ordered posting ranges (Fagin's TA/NRA). Each (word, type) range
 * is read best first, in growing chunks; an entry's score is the sum over the words of idf ×
 * impact. What was read bounds every entry: an entry seen in some ranges scores at most what is
 * known plus, for each word not yet known, the last impact read in that word's range; an entry
 * not seen at all scores at most the sum of those last impacts, and every entry at least what is
 * known of it. Ranges are read on (cheap: an index range) until few entries off the page could
 * still beat it; those, and finally the page's own entries, get their missing postings by primary
 * key (a seek each). Reading stops when the page's entries are known exactly and nothing else can
 * beat them. Ties rank by doc_id, as one range is ordered.
 */
import { inListChunks, inListLimitWith } from '../database/in-lists.ts';
import type { RawReader } from '../database/raw-reader.ts';
import { matchingPostingRows, postingRange, postingsOfEntries } from './database-statements.ts';
import type { QueryPlan, WordStats } from './query-plan.ts';

/** Entries completed by primary-key probes per round at most (more: read the ranges on first). */
const PROBES_PER_ROUND = 1024;
/** First chunk read per range, at least. */
const FIRST_CHUNK = 128;

/**
 * An entry's score from its impacts per word. Summed in word order, always: the same impacts give
 * the same score to the last bit, so ties stay ties (and rank by doc_id) however an entry's
 * postings were found.
 */
function scoreOf(idf: number[], impact: (word: number) => number): number {
  let score = 0;
  idf.forEach((weight, word) => {
    score += weight * impact(word);
  });
  return score;
}

interface Range {
  word: number;
  typeNumber: number;
  read: number;
  /** Impact of the last row read (an upper bound for the rest of the range). */
  last: number;
  done: boolean;
}

interface Candidate {
  docId: number;
  typeNumber: number;
  /** Impacts known per word; a word absent from `impacts` is unknown unless `complete`. */
  impacts: Map<number, number>;
  complete: boolean;
  score: number;
}

/**
 * Doc ids of the query's hits at positions [offset, offset + limit), best first. `driver` is the
 * word with the fewest entries: with exact_match every hit is in its ranges, so only those are
 * read past the first chunk (the other words' first chunks bound what they can add).
 */
export async function rankedDocIds(reader: RawReader, plan: QueryPlan, stats: WordStats, driver: number): Promise<number[]> {
  const { offset, limit } = plan.query;
  const wanted = offset + limit;
  const ranges: Range[] = [];
  plan.words.forEach((_, word) => {
    for (const typeNumber of plan.typeNumbers) {
      if ((stats.entries[word]?.get(typeNumber) ?? 0) > 0) ranges.push({ word, typeNumber, read: 0, last: Infinity, done: false });
    }
  });
  const rangeOf = new Map(ranges.map((range) => [`${range.word} ${range.typeNumber}`, range]));
  const candidates = new Map<number, Candidate>();
  const idf = stats.idf;

  /** The most a word can still add for an entry of this type that it was not read for. */
  const bound = (word: number, typeNumber: number): number => {
    const range = rangeOf.get(`${word} ${typeNumber}`);
    return !range || range.done ? 0 : (idf[word] as number) * range.last;
  };
  const knownScore = (candidate: Candidate): number => scoreOf(idf, (word) => candidate.impacts.get(word) ?? 0);
  const upperBound = (candidate: Candidate): number => {
    if (candidate.complete) return candidate.score;
    let score = candidate.score;
    plan.words.forEach((_, word) => {
      if (!candidate.impacts.has(word)) score += bound(word, candidate.typeNumber);
    });
    return score;
  };
  /** Whether an entry with these known words can still match every word (exact_match). */
  const canQualify = (candidate: Candidate): boolean =>
    !plan.all || plan.words.every((_, word) => candidate.impacts.has(word) || (!candidate.complete && bound(word, candidate.typeNumber) > 0));
  const qualifies = (candidate: Candidate): boolean => candidate.complete && canQualify(candidate);
  /** The most an entry not read in any range can score, over the searched types. */
  const unseenBound = (): number => {
    let best = -Infinity;
    for (const typeNumber of plan.typeNumbers) {
      const bounds = plan.words.map((_, word) => bound(word, typeNumber));
      if (plan.all && bounds.some((value) => value === 0)) continue;
      best = Math.max(best, bounds.reduce((sum, value) => sum + value, 0));
    }
    return best;
  };
  const byRank = (a: Candidate, b: Candidate) => b.score - a.score || a.docId - b.docId;

  /** Probes the words not yet known of these entries (grouped by which words those are). */
  async function complete(incomplete: Candidate[]): Promise<void> {
    const byMissing = new Map<string, { words: string[]; docIds: number[] }>();
    for (const candidate of incomplete) {
      const missing = plan.words.filter((_, word) => !candidate.impacts.has(word));
      const key = missing.join(' ');
      const group = byMissing.get(key) ?? { words: missing, docIds: [] };
      group.docIds.push(candidate.docId);
      byMissing.set(key, group);
    }
    const statements = [...byMissing.values()].flatMap((group) =>
      inListChunks(group.docIds, inListLimitWith(group.words.length)).map((docIds) => postingsOfEntries(group.words, docIds)),
    );
    const results = await reader.read(statements);
    for (const rows of results) {
      for (const [docId, term, impact, fields] of rows) {
        const candidate = candidates.get(Number(docId));
        if (!candidate || (plan.mask !== undefined && (Number(fields) & plan.mask) === 0)) continue;
        candidate.impacts.set(plan.words.indexOf(term as string), Number(impact));
      }
    }
    for (const candidate of incomplete) {
      candidate.complete = true;
      candidate.score = knownScore(candidate);
    }
  }

  const driving = (range: Range) => !plan.all || range.word === driver;

  async function readRanges(chunk: number, first: boolean): Promise<void> {
    const reading = ranges.filter((range) => !range.done && (first || driving(range)));
    const results = await reader.read(
      reading.map((range) => postingRange(plan, plan.words[range.word] as string, range.typeNumber, chunk, range.read)),
    );
    reading.forEach((range, index) => {
      const rows = results[index] ?? [];
      range.read += rows.length;
      if (rows.length < chunk) range.done = true;
      if (rows.length > 0) range.last = Number((rows[rows.length - 1] as unknown[])[1]);
      for (const [docId, impact] of rows) {
        const id = Number(docId);
        let candidate = candidates.get(id);
        if (!candidate) candidates.set(id, (candidate = { docId: id, typeNumber: range.typeNumber, impacts: new Map(), complete: false, score: 0 }));
        if (!candidate.complete) candidate.impacts.set(range.word, Number(impact));
      }
    });
    for (const candidate of candidates.values()) {
      if (candidate.complete) continue;
      candidate.score = knownScore(candidate);
      if (candidate.impacts.size === plan.words.length) candidate.complete = true;
    }
  }

  // A hit for sure: any word read passes (ranges are read with the field mask and filters); with
  // exact_match, only once every word is known.
  const surely = (candidate: Candidate): boolean => (plan.all ? qualifies(candidate) : true);
  // Contenders are probed once they are this few, else ranges are read on, which lowers their
  // bounds until most drop out: reading a row costs less than a seek, but reading on also brings
  // new candidates (measured on 100,000 entries: probing up to ~1,000 is fastest).
  const probeLimit = PROBES_PER_ROUND;

  let chunk = Math.max(FIRST_CHUNK, 4 * wanted);
  await readRanges(chunk, true);
  for (;;) {
    // Every hit has been read in some range (exact_match: in the driver's).
    const finished = ranges.filter(driving).every((range) => range.done);
    const everyCandidate = [...candidates.values()];
    // The page by what is known so far (a known part of a score is a lower bound of it).
    const page = everyCandidate.filter(surely).sort(byRank).slice(0, wanted);
    const floor = page.length >= wanted ? (page[wanted - 1] as Candidate).score : -Infinity;
    const onPage = new Set(page);
    // Entries off the page that might still reach it.
    const contenders = everyCandidate.filter(
      (candidate) => !onPage.has(candidate) && !candidate.complete && canQualify(candidate) && upperBound(candidate) >= floor,
    );
    if (contenders.length === 0 && (finished || (page.length >= wanted && unseenBound() < floor))) {
      // The page's entries are settled; completing them orders them exactly (their scores only
      // rise, so nothing off the page can overtake them).
      const open = page.filter((candidate) => !candidate.complete);
      if (open.length === 0) return page.slice(offset).map((candidate) => candidate.docId);
      await complete(open);
      continue;
    }
    if (contenders.length > 0 && (finished || contenders.length <= probeLimit)) {
      await complete(contenders);
      continue;
    }
    chunk *= 2;
    await readRanges(chunk, false);
  }
}

/**
 * Queries whose matches take at most this many postings to read are scored whole: one read, and
 * an exact total. Every row read costs about a microsecond to hand over to JavaScript, so larger
 * sets are ranked by rankedDocIds (and counted without returning rows).
 */
export const SCAN_LIMIT = 5000;

/** Postings a whole scan reads: every word's (any word), or the driver's with each other word's in its entries. */
export function scanSize(plan: QueryPlan, stats: WordStats, driver: number): number {
  return plan.all ? (stats.searched[driver] as number) * plan.words.length : stats.searched.reduce((sum, n) => sum + n, 0);
}

/** Every hit scored (for queries with few matches): the page's doc ids and the exact total. */
export async function scannedDocIds(reader: RawReader, plan: QueryPlan, stats: WordStats, driver: number): Promise<{ docIds: number[]; total: number }> {
  const results = await reader.read(matchingPostingRows(plan, plan.words[driver] as string));
  const impacts = new Map<number, number[]>();
  for (const [docId, term, impact, fields] of results.flat()) {
    if (plan.mask !== undefined && (Number(fields) & plan.mask) === 0) continue;
    const id = Number(docId);
    let known = impacts.get(id);
    if (!known) impacts.set(id, (known = plan.words.map(() => 0)));
    known[plan.words.indexOf(term as string)] = Number(impact);
  }
  const hits: Array<{ docId: number; score: number }> = [];
  for (const [docId, known] of impacts) {
    if (plan.all && known.some((impact) => impact === 0)) continue;
    hits.push({ docId, score: scoreOf(stats.idf, (word) => known[word] as number) });
  }
  hits.sort((a, b) => b.score - a.score || a.docId - b.docId);
  const { offset, limit } = plan.query;
  return { docIds: hits.slice(offset, offset + limit).map((hit) => hit.docId), total: hits.length };
}
