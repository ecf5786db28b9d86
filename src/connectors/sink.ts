/**
 * The sink: stores what a connector yields through the service layer (the same create, replace
 * and delete as the API, so every rule, the read model, counts and the change log stay right), a
 * batch per transaction. A record whose content hash is unchanged is only marked as seen; a record
 * the service rejects (bad value, unknown reference) becomes a record error without stopping the
 * batch, because the service checks everything before it writes anything.
 *
 * A batch is written in two steps: deciding (reading what is stored, checking and rendering each
 * record: mostly this process's CPU) and applying (inserting the rows held back, counts, the
 * change log, the commit: mostly the database's work). On MySQL/MariaDB the next batch is decided
 * while the previous one applies, so both run at once; see HarvestSink.flush for when that is safe.
 */
import type { Principal } from '../auth/principal.ts';
import type { Executor } from '../database/dialect.ts';
import type { AssetContentRow } from '../database/tables.ts';
import { foldAliases, type Json } from '../database/model/normalize.ts';
import { resourceByPlural } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { createSchema } from '../database/model/schemas.ts';
import { ApiError, detailText } from '../errors.ts';
import { findAsset } from '../repositories/assets.ts';
import { assetContentRows, harvestedAssets, markSeen, recordHarvest } from '../repositories/connector-records.ts';
import { insertRecordErrors, type NewRecordError, type PlatformRecordKey, resolveRecordErrors, type RunCounts } from '../repositories/connector-runs.ts';
import { saveConnectorState } from '../repositories/connector-state.ts';
import { createAssetIn, deleteAssetIn, replaceAssetIn } from '../services/asset-writes.ts';
import type { Viewer } from '../services/asset-reads.ts';
import { prefetchTerms } from '../services/terms.ts';
import { WriteEffects } from '../services/write-effects.ts';
import { type Catalogue, timestamp } from '../services/catalogue.ts';
import type { Connector, ConnectorDeletion, ConnectorRecordError } from './connector.ts';
import type { PreparedRecord } from './record-preparation.ts';
import { BatchFootprint } from './batch-footprint.ts';
import { type PlatformReference, resolveReferences } from './references.ts';

export type SinkEvent = PreparedRecord | ConnectorRecordError | ConnectorDeletion;

/** The principal a connector writes as: its platform's connector role (published at once, no rate limit). */
export function connectorPrincipal(connector: Connector): Principal {
  return {
    subject: `connector:${connector.name}`,
    username: `connector-${connector.name}`,
    roles: new Set([`platform_${connector.platform}`]),
  };
}

/** What the batch knows of a platform record: its identifier, and the row once read. */
interface Known {
  identifier: string;
  row?: AssetContentRow;
  contentHash: string | null;
}

/** A record written without some references (their targets come later in the batch). */
interface Deferred {
  resource: ResourceType;
  identifier: string;
  body: Json;
  hash: string;
}

/** One batch inside one transaction. */
class BatchWriter {
  readonly counts: RunCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  private readonly known = new Map<string, Map<string, Known>>();
  private readonly harvested: Array<{ asset: string; connector: string; contentHash: string; run: number }> = [];
  private readonly seen: string[] = [];
  /** Records stored (or found unchanged) by this batch: their earlier errors are resolved. */
  private readonly stored: PlatformRecordKey[] = [];
  private readonly errors: NewRecordError[] = [];
  private readonly deferred: Deferred[] = [];
  private readonly viewer: Viewer;
  /** Renderings, counts and change-log rows of the whole batch, applied once at its end. */
  private readonly effects = new WriteEffects(true);

  /**
   * `previousCommitted`: the commit of the batch still being applied before this one (resolved
   * when there is none). Until then this batch only reads and holds its rows back; a write of
   * stored rows (an update, a deletion, a flush of its rows) waits for it (WriteEffects.holdWritesUntil).
   */
  constructor(
    private readonly trx: Executor,
    private readonly catalogue: Catalogue,
    private readonly connector: Connector,
    private readonly run: number,
    previousCommitted: Promise<void>,
  ) {
    this.viewer = { principal: connectorPrincipal(connector), version: 'latest' };
    this.effects.holdWritesUntil(previousCommitted);
  }

  /** Decides every event: reads, checks and renders, holding the new rows back. */
  async decide(events: SinkEvent[]): Promise<void> {
    await this.prefetch(events);
    for (const event of events) {
      if (event.kind === 'record') await this.writeRecord(event);
      else if (event.kind === 'deleted') await this.deleteRecord(event);
      else this.fail(event.resource, event.platformResourceIdentifier ?? null, event.message, event.locator);
    }
    await this.completeDeferred();
  }

  /** Writes what `decide` held back; the caller has waited for the previous batch's commit. */
  async apply(): Promise<void> {
    const dialect = this.catalogue.database.dialect;
    await this.effects.apply(this.trx, dialect);
    await recordHarvest(this.trx, dialect, this.harvested);
    await markSeen(this.trx, this.seen, this.run);
    await insertRecordErrors(this.trx, this.connector.name, this.run, timestamp(this.catalogue), this.errors);
    await resolveRecordErrors(this.trx, this.connector.name, this.run, this.stored);
  }

  /**
   * Reads, per type, every platform record the batch writes, deletes or refers to: one query per
   * type; then the terms of what it writes and the rows of the stored records it changes.
   */
  private async prefetch(events: SinkEvent[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    const want = (plural: string, platformId: string) => {
      const type = resourceByPlural(plural)?.type;
      if (!type) return;
      if (!wanted.has(type)) wanted.set(type, new Set());
      wanted.get(type)?.add(platformId);
    };
    for (const event of events) {
      if (event.platformResourceIdentifier !== undefined) want(event.resource, event.platformResourceIdentifier);
      if (event.kind !== 'record') continue;
      for (const reference of event.references) want(reference.plural, reference.platformResourceIdentifier);
    }
    for (const [type, platformIds] of wanted) {
      const found = await harvestedAssets(this.trx, type, this.connector.platform, [...platformIds]);
      const byId = new Map<string, Known>();
      for (const [platformId, asset] of found) {
        byId.set(platformId, { identifier: asset.identifier, contentHash: asset.contentHash });
        this.effects.knownLive.set(asset.identifier, type);
      }
      this.known.set(type, byId);
    }
    // The terms of every record that will be written (new or changed), in one look-up; the rows
    // of the stored records that change or go, in another.
    const documents = [];
    const changing: Known[] = [];
    for (const event of events) {
      const resource = resourceByPlural(event.resource);
      if (!resource || event.kind === 'error') continue;
      const existing = this.lookup(resource.type, event.platformResourceIdentifier);
      if (event.kind === 'deleted') {
        if (existing) changing.push(existing);
        continue;
      }
      if (existing?.contentHash === event.hash) continue;
      if (existing) changing.push(existing);
      // The body as written: validated (record-preparation.ts), its terms where the write model has them.
      documents.push({ resource, doc: foldAliases(resource, event.body) });
    }
    await prefetchTerms(this.trx, documents, this.effects.termCache as NonNullable<WriteEffects['termCache']>);
    const rows = await assetContentRows(this.trx, [...new Set(changing.map((known) => known.identifier))]);
    for (const known of changing) known.row = rows.get(known.identifier);
  }

  private lookup(type: string, platformId: string): Known | undefined {
    return this.known.get(type)?.get(platformId);
  }

  private remember(type: string, platformId: string, known: Known | undefined): void {
    if (!this.known.has(type)) this.known.set(type, new Map());
    const byId = this.known.get(type) as Map<string, Known>;
    if (known) byId.set(platformId, known);
    else byId.delete(platformId);
  }

  private readonly identifierOf = (reference: PlatformReference): string | undefined => {
    const type = resourceByPlural(reference.plural)?.type;
    return type ? this.lookup(type, reference.platformResourceIdentifier)?.identifier : undefined;
  };

  private fail(resource: string, platformId: string | null, message: string, locator?: string): void {
    this.counts.failed += 1;
    this.errors.push({ resource, platformResourceIdentifier: platformId, message, ...(locator ? { locator } : {}) });
    const type = resourceByPlural(resource)?.type;
    const existing = type && platformId !== null ? this.lookup(type, platformId) : undefined;
    // A record that exists but failed this time is still on the platform: not to be deleted.
    if (existing) this.seen.push(existing.identifier);
  }

  private async rowOf(known: Known) {
    if (!known.row) await this.effects.flushInserts(this.trx);
    known.row ??= await findAsset(this.trx, known.identifier);
    return known.row;
  }

  /** The body to store: platform fields set and, for renamed records, the old name kept. */
  private async bodyToStore(resource: ResourceType, platformId: string, body: Json, existing: Known | undefined): Promise<Json> {
    const full: Json = { ...body, platform: this.connector.platform, platform_resource_identifier: platformId };
    const row = existing ? await this.rowOf(existing) : undefined;
    if (this.connector.keepOldNameAsAlternate && row?.name && row.name !== body.name && 'alternate_name' in resource.fields) {
      const stored = (JSON.parse(row.doc) as Json).alternate_name;
      const names = [...((full.alternate_name as string[] | undefined) ?? []), ...(Array.isArray(stored) ? (stored as string[]) : []), row.name];
      full.alternate_name = [...new Set(names)].filter((name) => name !== body.name);
    }
    return full;
  }

  private async writeRecord(record: PreparedRecord): Promise<void> {
    const platformId = record.platformResourceIdentifier;
    const resource = resourceByPlural(record.resource);
    if (!resource) {
      this.fail(record.resource, platformId, `unknown resource type ${record.resource}`, record.locator);
      return;
    }
    const { hash } = record;
    const existing = this.lookup(resource.type, platformId);
    if (existing && existing.contentHash === hash) {
      this.counts.unchanged += 1;
      this.seen.push(existing.identifier);
      this.stored.push({ resource: record.resource, platformResourceIdentifier: platformId });
      return;
    }
    // The body was validated as it was read ahead (record-preparation.ts), its references stood in for.
    const { body, unresolved } = resolveReferences(resource, record.body, this.identifierOf);
    const toStore = await this.bodyToStore(resource, platformId, body, existing);
    try {
      let identifier: string;
      if (existing) {
        await replaceAssetIn(this.trx, this.catalogue, resource, (await this.rowOf(existing)) as NonNullable<Known['row']>, toStore, this.viewer, this.effects);
        identifier = existing.identifier;
        this.counts.updated += 1;
      } else {
        identifier = await createAssetIn(this.trx, this.catalogue, resource, toStore, this.viewer, this.effects);
        this.counts.created += 1;
      }
      // The row changed; read it again only if this batch needs it.
      this.remember(resource.type, platformId, { identifier, contentHash: hash });
      this.stored.push({ resource: record.resource, platformResourceIdentifier: platformId });
      if (unresolved.length > 0) this.deferred.push({ resource, identifier, body: record.body, hash });
      else this.harvested.push({ asset: identifier, connector: this.connector.name, contentHash: hash, run: this.run });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.fail(record.resource, platformId, detailText(error), record.locator);
    }
  }

  /**
   * Records written before their references' targets (cycles): written again with every reference
   * that resolves now. A reference that never resolves is left out, and the record is stored with
   * a hash that makes the next run write it again.
   */
  private async completeDeferred(): Promise<void> {
    if (this.deferred.length > 0) await this.effects.flushInserts(this.trx);
    for (const deferred of this.deferred) {
      const { body, unresolved } = resolveReferences(deferred.resource, deferred.body, this.identifierOf);
      const row = await findAsset(this.trx, deferred.identifier);
      if (!row) continue;
      const known = { identifier: row.identifier, row, contentHash: null };
      const full = await this.bodyToStore(deferred.resource, row.platform_resource_identifier, body, known);
      const parsed = createSchema(deferred.resource, 'latest').safeParse(full);
      if (!parsed.success) continue;
      await replaceAssetIn(this.trx, this.catalogue, deferred.resource, row, parsed.data as Json, this.viewer, this.effects);
      if (unresolved.length > 0) {
        this.catalogue.logger.warn({ connector: this.connector.name, asset: row.identifier, unresolved }, 'references to records the platform did not yield');
      }
      const hash = unresolved.length > 0 ? 'unresolved' : deferred.hash;
      this.harvested.push({ asset: row.identifier, connector: this.connector.name, contentHash: hash, run: this.run });
    }
  }

  private async deleteRecord(deletion: ConnectorDeletion): Promise<void> {
    const resource = resourceByPlural(deletion.resource);
    const existing = resource ? this.lookup(resource.type, deletion.platformResourceIdentifier) : undefined;
    if (!resource || !existing) return;
    const row = await this.rowOf(existing);
    if (!row) return;
    await deleteAssetIn(this.trx, this.catalogue, resource, row, this.effects);
    this.remember(resource.type, deletion.platformResourceIdentifier, undefined);
    this.counts.deleted += 1;
    this.stored.push({ resource: deletion.resource, platformResourceIdentifier: deletion.platformResourceIdentifier });
  }
}

function addCounts(total: RunCounts, more: RunCounts): void {
  total.created += more.created;
  total.updated += more.updated;
  total.unchanged += more.unchanged;
  total.deleted += more.deleted;
  total.failed += more.failed;
}

/** A batch whose transaction is still open: decided, and applying or waiting to. */
interface BatchInFlight {
  footprint: BatchFootprint;
  committed: Promise<void>;
}

/**
 * Batches open at once on MySQL/MariaDB: one applying, one deciding, and one between them (a
 * checkpoint's batch is often nearly empty; waiting for it would stop the overlap).
 */
const MAX_OPEN_BATCHES = 3;

/** Collects a connector's events and writes them a batch at a time. */
export class HarvestSink {
  readonly counts: RunCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  private pending: SinkEvent[] = [];
  /** Oldest first; each applies after the one before it committed. */
  private readonly inFlight: BatchInFlight[] = [];

  constructor(
    private readonly catalogue: Catalogue,
    private readonly connector: Connector,
    private readonly run: number,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  add(event: SinkEvent): void {
    this.pending.push(event);
  }

  /**
   * Writes the pending events and, in the same transaction, the checkpoint state that follows
   * them: the state never gets ahead of what is stored. Batches commit in order.
   *
   * On MySQL/MariaDB this returns once the batch is decided: it applies while the connector reads
   * on and the next batch is decided. A batch whose footprint meets that of a batch still open (it
   * refers to, or writes, a record that one writes) waits for that one's commit before deciding,
   * since it could not see those rows yet. SQLite has one writer: each batch is committed before
   * this returns. A failure of a batch still open surfaces from a later `flush` or from `settle`.
   */
  async flush(checkpoint?: { state: Json }): Promise<void> {
    const events = this.pending;
    this.pending = [];
    if (events.length === 0 && !checkpoint) return;
    // SQLite has one writer: nothing to overlap.
    if (this.catalogue.database.dialect === 'sqlite') return this.write(events, checkpoint, Promise.resolve(), () => {});
    const footprint = new BatchFootprint(events);
    const lastMet = this.inFlight.findLastIndex((batch) => batch.footprint.meets(footprint));
    await this.settleOldest(lastMet + 1);
    let decided = () => {};
    const decision = new Promise<void>((resolve) => (decided = resolve));
    const previousCommitted = this.inFlight.at(-1)?.committed ?? Promise.resolve();
    const committed = this.write(events, checkpoint, previousCommitted, decided);
    // Awaited later (settleOldest); until then its failure must not count as unhandled.
    committed.catch(() => {});
    this.inFlight.push({ footprint, committed });
    await Promise.race([decision, committed]);
    await this.settleOldest(this.inFlight.length - (MAX_OPEN_BATCHES - 1));
  }

  /** Waits until every batch is committed; throws if one failed. */
  async settle(): Promise<void> {
    await this.settleOldest(this.inFlight.length);
  }

  /** Waits for the commits of the `count` oldest open batches. */
  private async settleOldest(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      const batch = this.inFlight.shift();
      await batch?.committed;
    }
  }

  /**
   * One batch in one transaction, decided, then applied once `previousCommitted`. A failed
   * transaction (a deadlock, say, or an asset it links to deleted by someone else meanwhile:
   * LinkEndDeletedError) is tried once more before the run fails; if the previous batch failed,
   * this one fails with it.
   */
  private async write(events: SinkEvent[], checkpoint: { state: Json } | undefined, previousCommitted: Promise<void>, decided: () => void): Promise<void> {
    const attempt = (gate: Promise<void>) =>
      this.catalogue.database.kysely
        .transaction()
        // Applying after the previous commit, it must read what that batch wrote.
        .setIsolationLevel('read committed')
        .execute(async (trx) => {
          const writer = new BatchWriter(trx, this.catalogue, this.connector, this.run, gate);
          await writer.decide(events);
          decided();
          await gate;
          await writer.apply();
          if (checkpoint) await saveConnectorState(trx, this.connector.name, checkpoint.state);
          return writer.counts;
        });
    let counts: RunCounts;
    try {
      counts = await attempt(previousCommitted);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      await previousCommitted;
      this.catalogue.logger.warn({ connector: this.connector.name, err: error }, 'writing a batch failed; trying it once more');
      counts = await attempt(Promise.resolve());
    }
    addCounts(this.counts, counts);
  }
}
