/**
 * Changing an asset's status (draft → submitted → published, or back to draft). Like every write
 * it updates counts, the change log and the read model in one transaction. It also bumps
 * date_modified: an asset that becomes public must show up for clients syncing "modified since".
 */
import type { Executor } from '../database/dialect.ts';
import type { AssetRow } from '../database/tables.ts';
import { updateAssetAtRevision } from '../repositories/assets.ts';
import { appendChange } from '../repositories/change-log.ts';
import { moveCount } from '../repositories/counts.ts';
import { type Catalogue, timestamp } from './catalogue.ts';
import { refreshRenderings, renderingDependents } from './rendering.ts';
import { ConcurrentChangeError } from './write-retries.ts';

export type AssetStatus = 'draft' | 'submitted' | 'published';

export async function setStatusIn(trx: Executor, catalogue: Catalogue, row: AssetRow, status: AssetStatus): Promise<void> {
  if (row.status === status) return;
  const now = timestamp(catalogue);
  const revision = row.revision + 1;
  const updated = await updateAssetAtRevision(trx, row.identifier, row.revision, { status, date_modified: now, revision });
  if (!updated) throw new ConcurrentChangeError();
  // Embedders show a contact only while it is published, so they change with its status.
  await refreshRenderings(trx, [row.identifier, ...(await renderingDependents(trx, [row.identifier]))]);
  await moveCount(
    trx,
    catalogue.database.dialect,
    { type: row.type, platform: row.platform, status: row.status },
    { type: row.type, platform: row.platform, status },
  );
  await appendChange(trx, { identifier: row.identifier, type: row.type, action: 'update', revision, at: now });
}
