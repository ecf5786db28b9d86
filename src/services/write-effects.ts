/**
 * What every asset write does besides its own row: the new asset's links, terms and creator
 * permission, re-rendering the read model of the asset and its dependents, the counters, the
 * change log, and remembering the writer as a user. A single API write applies them at once. A
 * connector's batch of hundreds of writes collects them and applies each kind with one statement
 * per chunk at the end of the batch, in the same transaction: the same outcome with a few
 * statements instead of a dozen per record. (Database round trips, not work, bound a harvest on
 * MySQL/MariaDB.) An updated asset's links and terms are replaced the same way: deleted for the
 * whole batch, then inserted with the new assets' rows. Anything that reads links, terms or
 * permissions must flush first.
 */
import type { Principal } from '../auth/principal.ts';
import type { DialectName } from '../database/db.ts';
import type { Executor } from '../database/dialect.ts';
import { statementChunks } from '../database/statement-chunks.ts';
import { appendChange, appendChanges, type Change } from '../repositories/change-log.ts';
import { deleteIncomingLinks, deleteOutgoingLinks } from '../repositories/links.ts';
import { adjustCount, type CountKey, moveCount } from '../repositories/counts.ts';
import type { NewAssetRow, PermissionLevel } from '../database/tables.ts';
import { deleteAssetTerms, type TermRow } from '../repositories/terms.ts';
import type { Catalogue } from './catalogue.ts';
import { renderNewAssets } from './new-asset-renderings.ts';
import { confirmStillLive } from './references.ts';
import { refreshRenderings, renderingDependents } from './rendering.ts';
import { ensureUser } from './users.ts';

type LinkRow = { source: string; field: string; target: string; position: number };
type AssetTermRow = { asset: string; taxonomy: string; term: string };

/** An updated asset's relations: what to delete, and the rows that replace them. */
export interface RelationReplacement {
  identifier: string;
  /** Its outgoing link fields: their rows are replaced by `links`. */
  linkFields: readonly string[];
  /** Inverse fields it now leaves empty: the links of other assets to it in these go. */
  emptiedInverseFields: readonly string[];
  links: LinkRow[];
  terms: AssetTermRow[];
}

export class WriteEffects {
  private readonly renders = new Set<string>();
  private readonly counts = new Map<string, { key: CountKey; delta: number }>();
  private readonly changes: Change[] = [];
  private readonly users = new Set<string>();
  private readonly platforms = new Set<string>();
  private assets: NewAssetRow[] = [];
  /** Live assets this batch knows of (created in it, or looked up by its writer), with their types: reference checks need not query them. */
  readonly knownLive = new Map<string, string>();
  private links: LinkRow[] = [];
  private terms: AssetTermRow[] = [];
  /** Updated assets whose old links and terms go before the pending rows are inserted. */
  private replacements: RelationReplacement[] = [];
  /** Assets that pending rows are, link or name: writing one of them again needs a flush first. */
  private readonly pendingIds = new Set<string>();
  private permissions: Array<{ asset: string; subject: string; level: PermissionLevel }> = [];

  /** Terms looked up in this batch (see resolveTerms); undefined for a single write. */
  readonly termCache: Map<string, TermRow | null> | undefined;

  /** What every flush of pending rows waits for first (see holdWritesUntil). */
  private writesAllowed: Promise<void> = Promise.resolve();

  /**
   * `deferred`: collect until `apply` (a batch); otherwise apply each effect at once. A batch's
   * writer (the connector sink) has looked up every platform id it writes in the same
   * transaction, so the per-record duplicate lookup is skipped; the unique index still guards it.
   */
  constructor(private readonly deferred = false) {
    this.termCache = deferred ? new Map() : undefined;
  }

  /**
   * Makes every write of stored rows wait for `gate` (another transaction's commit): flushes of
   * pending rows, and replacements and deletions (untilWritesAllowed). A batch decided while the
   * batch before it is still being written must not write in the meantime, as it could take row
   * locks that batch is about to need. (New terms are inserted at once: INSERT IGNORE of rows no
   * batch updates.)
   */
  holdWritesUntil(gate: Promise<void>): void {
    this.writesAllowed = gate;
  }

  /** Resolves once this write may change stored rows (see holdWritesUntil); at once outside a held batch. */
  async untilWritesAllowed(): Promise<void> {
    await this.writesAllowed;
  }

  /**
   * Confirms that these link ends are still live, once the links are written (confirmStillLive):
   * a deleted one makes a single write run again on its own, a batch whole (the connector sink),
   * as its other records were written too.
   */
  async confirmLinkEndsLive(executor: Executor, identifiers: readonly string[]): Promise<void> {
    await confirmStillLive(executor, identifiers, this.deferred ? 'batch' : 'single');
  }

  get platformIdsChecked(): boolean {
    return this.deferred;
  }

  async render(executor: Executor, identifiers: string[]): Promise<void> {
    if (!this.deferred) return refreshRenderings(executor, identifiers);
    for (const identifier of identifiers) this.renders.add(identifier);
  }

  async count(executor: Executor, dialect: DialectName, key: CountKey, delta: number): Promise<void> {
    if (!this.deferred) return adjustCount(executor, dialect, key, delta);
    const name = `${key.type}\u0000${key.platform}\u0000${key.status}`;
    const entry = this.counts.get(name) ?? { key, delta: 0 };
    entry.delta += delta;
    this.counts.set(name, entry);
  }

  async moveCount(executor: Executor, dialect: DialectName, from: CountKey, to: CountKey): Promise<void> {
    if (!this.deferred) return moveCount(executor, dialect, from, to);
    // Collected per key, so a move to the same key nets out.
    await this.count(executor, dialect, from, -1);
    await this.count(executor, dialect, to, 1);
  }

  async change(executor: Executor, change: Change): Promise<void> {
    if (!this.deferred) return appendChange(executor, change);
    this.changes.push(change);
  }

  async ensureUser(executor: Executor, catalogue: Catalogue, principal: Principal): Promise<void> {
    if (principal.subject !== null && this.users.has(principal.subject)) return;
    await ensureUser(executor, catalogue, principal);
    if (this.deferred && principal.subject !== null) this.users.add(principal.subject);
  }

  /** Platforms known to exist in this batch (looked up once, not per record). */
  knowsPlatform(name: string): boolean {
    return this.platforms.has(name);
  }

  rememberPlatform(name: string): void {
    if (this.deferred) this.platforms.add(name);
  }

  /** A new asset's row. */
  async addNewAsset(executor: Executor, row: NewAssetRow): Promise<void> {
    this.assets.push(row);
    this.pendingIds.add(row.identifier);
    if (this.deferred) this.knownLive.set(row.identifier, row.type);
    else await this.flushInserts(executor);
  }

  /** An asset of this batch was deleted: references to it are no longer valid. */
  forget(identifier: string): void {
    this.knownLive.delete(identifier);
  }

  /** A new asset's links, terms and its creator's permission (nothing to replace: it is new). */
  async addNewAssetRows(
    executor: Executor,
    rows: {
      links: LinkRow[];
      terms: AssetTermRow[];
      permission: WriteEffects['permissions'][number];
    },
  ): Promise<void> {
    this.addPendingRows(rows.links, rows.terms);
    this.permissions.push(rows.permission);
    if (!this.deferred) await this.flushInserts(executor);
  }

  /**
   * An updated asset's new links and terms. It is rendered again, with every asset whose
   * rendering shows it before or after the change. Its old rows are deleted before any pending
   * row is inserted: so if a pending row is the asset's or links to it (it was written earlier in
   * the batch), the batch is flushed first, as the writes would otherwise apply out of order.
   */
  async replaceRelations(executor: Executor, replacement: RelationReplacement): Promise<void> {
    await this.flushIfPending(executor, replacement.identifier);
    this.replacements.push(replacement);
    this.pendingIds.add(replacement.identifier);
    this.addPendingRows(replacement.links, replacement.terms);
    if (!this.deferred) await this.flushInserts(executor);
  }

  /** Flushes if a pending row is `identifier`'s or links to it (it is about to be written again). */
  async flushIfPending(executor: Executor, identifier: string): Promise<void> {
    if (this.pendingIds.has(identifier)) await this.flushInserts(executor);
  }

  private addPendingRows(links: LinkRow[], terms: AssetTermRow[]): void {
    for (const link of links) {
      this.links.push(link);
      this.pendingIds.add(link.source).add(link.target);
    }
    for (const term of uniqueTerms(terms)) {
      this.terms.push(term);
      this.pendingIds.add(term.asset);
    }
  }

  /** Writes pending rows; reading links, terms or permissions, or replacing or deleting an asset of this batch, needs them first. */
  async flushInserts(executor: Executor): Promise<void> {
    await this.untilWritesAllowed();
    const replaced = this.replacements.map((replacement) => replacement.identifier);
    const dependentsBefore = replaced.length > 0 ? await renderingDependents(executor, replaced) : [];
    if (replaced.length > 0) await this.deleteReplacedRelations(executor, replaced);
    // Asset rows carry documents and renderings: up to 100 per statement, within the text limit.
    // The small rows go 1,000 per statement (fewer round trips, ~4,000 parameters).
    const assetText = (row: NewAssetRow) => row.doc.length + (row.rendered?.length ?? 0) + (row.rendered_public?.length ?? 0);
    for (const chunk of statementChunks(this.assets, 100, assetText)) await executor.insertInto('asset').values(chunk).execute();
    for (const chunk of statementChunks(this.links, 1000)) await executor.insertInto('asset_link').values(chunk).execute();
    await this.confirmLinkEndsLive(executor, this.links.map((link) => link.target));
    for (const chunk of statementChunks(this.terms, 1000)) await executor.insertInto('asset_term').values(chunk).execute();
    for (const chunk of statementChunks(this.permissions, 1000)) await executor.insertInto('asset_permission').values(chunk).execute();
    this.assets = [];
    this.links = [];
    this.terms = [];
    this.permissions = [];
    this.replacements = [];
    this.pendingIds.clear();
    if (replaced.length > 0) {
      await this.render(executor, [...replaced, ...dependentsBefore, ...(await renderingDependents(executor, replaced))]);
    }
  }

  /** The old links and terms of the pending replacements (`replaced`), one statement per kind and chunk. */
  private async deleteReplacedRelations(executor: Executor, replaced: string[]): Promise<void> {
    // Types share their owned link fields (one array per type), so replacements group by them.
    const sourcesByLinkFields = new Map<readonly string[], string[]>();
    const targetsByEmptiedField = new Map<string, string[]>();
    const add = <K>(map: Map<K, string[]>, key: K, identifier: string) => {
      const list = map.get(key);
      if (list) list.push(identifier);
      else map.set(key, [identifier]);
    };
    for (const { identifier, linkFields, emptiedInverseFields } of this.replacements) {
      add(sourcesByLinkFields, linkFields, identifier);
      for (const field of emptiedInverseFields) add(targetsByEmptiedField, field, identifier);
    }
    for (const [fields, sources] of sourcesByLinkFields) await deleteOutgoingLinks(executor, sources, fields);
    for (const [field, targets] of targetsByEmptiedField) await deleteIncomingLinks(executor, targets, field);
    await deleteAssetTerms(executor, replaced);
  }

  /** New assets not inserted yet are rendered from memory and inserted with their renderings. */
  private async renderPendingAssets(executor: Executor): Promise<void> {
    const rows = this.assets.filter((row) => this.renders.has(row.identifier));
    if (rows.length === 0) return;
    await renderNewAssets(executor, rows, this.links);
    for (const row of rows) this.renders.delete(row.identifier);
  }

  /** Applies what was collected (a no-op for immediate effects). */
  async apply(executor: Executor, dialect: DialectName): Promise<void> {
    await this.renderPendingAssets(executor);
    await this.flushInserts(executor);
    await refreshRenderings(executor, this.renders, { everyRequested: true });
    for (const { key, delta } of this.counts.values()) await adjustCount(executor, dialect, key, delta);
    await appendChanges(executor, this.changes);
    this.renders.clear();
    this.counts.clear();
    this.changes.length = 0;
  }
}

/** Terms without repeats: an asset names each (taxonomy, term) once. */
function uniqueTerms(terms: AssetTermRow[]): AssetTermRow[] {
  return [...new Map(terms.map((term) => [`${term.asset}\u0000${term.taxonomy}\u0000${term.term}`, term])).values()];
}
