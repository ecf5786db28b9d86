/**
 * Reference fields accept only live assets of their kind: a `creator` must be a contact, a `funder`
 * an agent (person or organisation). Every bad identifier of a write is reported in one 404.
 */
import type { Executor } from '../database/dialect.ts';
import type { LinkGroup } from '../database/model/normalize.ts';
import { resourceTypes } from '../database/model/registry.ts';
import { kindTitle } from '../database/model/resource.ts';
import { listForMessage, notFound } from '../errors.ts';
import { deletedAmong, liveAssetTypes } from '../repositories/assets.ts';
import { ConcurrentChangeError } from './write-retries.ts';

const kindsOfType = new Map(resourceTypes.map((resource) => [resource.type, resource.kinds]));

/** `known`: live assets the caller already knows of (identifier → type), e.g. created earlier in the same batch and not written yet. */
export async function checkReferences(executor: Executor, groups: LinkGroup[], known?: ReadonlyMap<string, string>): Promise<void> {
  const identifiers = [...new Set(groups.flatMap((group) => group.identifiers))];
  if (identifiers.length === 0) return;
  const types = await liveAssetTypes(executor, known ? identifiers.filter((identifier) => !known.has(identifier)) : identifiers);
  for (const identifier of identifiers) {
    const type = known?.get(identifier);
    if (type !== undefined) types.set(identifier, type);
  }
  const problems: string[] = [];
  for (const group of groups) {
    const bad = group.identifiers.filter((identifier) => {
      const type = types.get(identifier);
      return type === undefined || !kindsOfType.get(type)?.has(group.target);
    });
    if (bad.length > 0) {
      problems.push(`Could not find ${kindTitle(group.target)} with identifiers ${listForMessage(bad)} (field '${group.field}').`);
    }
  }
  if (problems.length > 0) throw notFound(`Referenced assets not found. ${problems.join(' ')}`);
}

/**
 * A batch's link end was deleted after the batch checked it. Not an ApiError: it must not become
 * one record's error (the links are written already); the sink runs the whole batch again, which
 * then finds the end gone.
 */
export class LinkEndDeletedError extends Error {
  constructor(readonly identifiers: string[]) {
    super(`assets deleted while a batch linked to them: ${identifiers.join(', ')}`);
  }
}

/**
 * Confirms, once a write's links are written, that the assets at their other ends are still live.
 * References are checked before writing, without locks; a delete committed since would leave a link
 * to a deleted asset. The new links hold their ends (their foreign keys lock them), so this read
 * sees the final state; a deleted end makes the write run again (a single write through
 * write-retries.ts, its check then answering 404; a batch through the sink), so it throws
 * ConcurrentChangeError or, for a batch, LinkEndDeletedError.
 */
export async function confirmStillLive(executor: Executor, identifiers: readonly string[], writer: 'single' | 'batch' = 'single'): Promise<void> {
  if (identifiers.length === 0) return;
  const deleted = await deletedAmong(executor, identifiers);
  if (deleted.length === 0) return;
  throw writer === 'batch' ? new LinkEndDeletedError(deleted) : new ConcurrentChangeError();
}
