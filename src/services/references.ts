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
 * Confirms, once a write's links are written, that the assets at their other ends are still live.
 * References are checked before writing, without locks; a delete committed since would leave a link
 * to a deleted asset. The new links hold their ends (their foreign keys lock them), so this read
 * sees the final state; a deleted end makes the write run again (write-retries.ts), and its check
 * then answers 404.
 */
export async function confirmStillLive(executor: Executor, identifiers: readonly string[]): Promise<void> {
  if (identifiers.length === 0) return;
  if ((await deletedAmong(executor, identifiers)).length > 0) throw new ConcurrentChangeError();
}
