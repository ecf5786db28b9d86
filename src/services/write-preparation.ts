/**
 * The checks and relation rows of an asset write (asset-writes.ts): a body is turned into the
 * write model and checked (platform fields, duplicates, taxonomy terms, references) before any
 * row is written; then its links and terms are written, through the batch's WriteEffects.
 */
import { PlatformFieldsError } from '../auth/policy.ts';
import type { Executor } from '../database/dialect.ts';
import { EDITOR_LINK_FIELD } from '../database/model/fields.ts';
import { foldAliases, type Json, type LinkGroup, toWriteModel, type WriteModel } from '../database/model/normalize.ts';
import type { ResourceType } from '../database/model/resource.ts';
import { badRequest, conflict, preconditionFailed, unprocessable } from '../errors.ts';
import { findLiveAssetByPlatformIdentifier } from '../repositories/assets.ts';
import { replaceIncomingLinks } from '../repositories/links.ts';
import { findPlatformByName } from '../repositories/platforms.ts';
import { addTermsIfMissing } from '../repositories/terms.ts';
import type { Viewer } from './asset-reads.ts';
import type { Catalogue } from './catalogue.ts';
import { platformIdentifierProblem } from './platform-identifiers.ts';
import { checkReferences } from './references.ts';
import { SNAPSHOT_OPTIONS } from './render-snapshot.ts';
import { type ResolvedTerms, resolveTerms } from './terms.ts';
import type { WriteEffects } from './write-effects.ts';

/** The platform fields a write stores; `unchanged` when they are the stored ones, which need no check and no write. */
export type PlatformFields = (model: WriteModel) => { platform: string; platformResourceIdentifier: string; unchanged?: boolean };

export interface PreparedWrite {
  model: WriteModel;
  platform: string;
  platformResourceIdentifier: string;
  /** The stored platform fields are kept (and a concurrent platform rename is not undone). */
  platformUnchanged: boolean;
  terms: ResolvedTerms;
  links: LinkGroup[];
}

function duplicateMessage(resource: ResourceType, identifier: string): string {
  return `There already exists a ${resource.type} with the same platform and platform_resource_identifier, with identifier=${identifier}.`;
}

async function requirePlatform(
  executor: Executor,
  effects: WriteEffects,
  type: string,
  platform: string,
  platformResourceIdentifier: string,
) {
  if (!effects.knowsPlatform(platform)) {
    if (!(await findPlatformByName(executor, platform))) {
      throw preconditionFailed(
        `Platform ${platform} does not exist. You can register it using the POST platforms endpoint.`,
      );
    }
    effects.rememberPlatform(platform);
  }
  const problem = platformIdentifierProblem(platform, platformResourceIdentifier, type);
  if (problem) throw unprocessable([{ loc: ['body', 'platform_resource_identifier'], msg: problem, type: 'value_error' }]);
}

/** Every check of a write body: platform fields, duplicates, terms, references (404s). */
export async function prepareWrite(
  executor: Executor,
  resource: ResourceType,
  viewer: Viewer,
  body: Json,
  platformFields: PlatformFields,
  effects: WriteEffects,
  self?: string,
): Promise<PreparedWrite> {
  const model = toWriteModel(resource, foldAliases(resource, body));
  let platformValues: ReturnType<PlatformFields>;
  try {
    platformValues = platformFields(model);
  } catch (error) {
    if (error instanceof PlatformFieldsError) throw badRequest(error.message);
    throw error;
  }
  const { platform, platformResourceIdentifier } = platformValues;
  const platformUnchanged = platformValues.unchanged === true;
  if (!platformUnchanged) await requirePlatform(executor, effects, resource.type, platform, platformResourceIdentifier);
  if (!effects.platformIdsChecked && !platformUnchanged) {
    const existing = await findLiveAssetByPlatformIdentifier(executor, resource.type, platform, platformResourceIdentifier);
    if (existing && existing.identifier !== self) throw conflict(duplicateMessage(resource, existing.identifier));
  }
  const terms = await resolveTerms(executor, resource, model.doc, viewer.principal, effects.termCache);
  const links = [...model.links, { field: EDITOR_LINK_FIELD, target: 'person' as const, identifiers: model.editor }];
  await checkReferences(executor, [...links, ...model.inverse], effects.knownLive);
  return { model, platform, platformResourceIdentifier, platformUnchanged, terms, links };
}

/** The link and term rows of an asset being written (its outgoing links in order, its terms). */
function relationRows(identifier: string, prepared: PreparedWrite) {
  return {
    links: prepared.links.flatMap((group) =>
      group.identifiers.map((target, position) => ({ source: identifier, field: group.field, target, position })),
    ),
    terms: prepared.terms.assetTerms.map((term) => ({ asset: identifier, taxonomy: term.taxonomy, term: term.term })),
  };
}

/**
 * Links of an inverse field (`group` names the assets that get a stored link to `identifier`);
 * returns the assets whose links changed. The write then confirms those assets are still live,
 * as WriteEffects does for the ends of its own links.
 */
async function writeIncomingLinks(trx: Executor, identifier: string, group: LinkGroup, effects: WriteEffects): Promise<string[]> {
  const changed = await replaceIncomingLinks(trx, identifier, group.field, group.identifiers);
  await effects.confirmLinkEndsLive(trx, group.identifiers);
  return changed;
}

/**
 * Replaces an updated asset's links of `linkFields` (all it owns unless told) and its terms (through `effects`: at once, or at the end of a
 * batch) and has it and every asset that shows it rendered again. Inverse fields that name assets
 * are written here, after the pending rows: they keep the other assets' link order.
 */
export async function replaceRelations(
  trx: Executor,
  catalogue: Catalogue,
  resource: ResourceType,
  identifier: string,
  prepared: PreparedWrite,
  effects: WriteEffects,
  linkFields: readonly string[] = resource.ownedLinkFields,
): Promise<void> {
  await addTermsIfMissing(trx, catalogue.database.dialect, prepared.terms.newTerms);
  const named = prepared.model.inverse.filter((group) => group.identifiers.length > 0);
  await effects.replaceRelations(trx, {
    identifier,
    linkFields,
    emptiedInverseFields: prepared.model.inverse.filter((group) => group.identifiers.length === 0).map((group) => group.field),
    ...relationRows(identifier, prepared),
  });
  if (named.length === 0) return;
  await effects.flushInserts(trx);
  const changed: string[] = [];
  for (const group of named) changed.push(...(await writeIncomingLinks(trx, identifier, group, effects)));
  // It and the assets it started or stopped naming show the new links.
  await effects.render(trx, [identifier, ...changed]);
}

/**
 * A new asset's links, terms and its creator's admin permission: plain inserts (there is nothing
 * to replace), which a batch collects into one statement each.
 */
export async function writeNewAssetRelations(
  trx: Executor,
  catalogue: Catalogue,
  identifier: string,
  prepared: PreparedWrite,
  viewer: Viewer,
  effects: WriteEffects,
): Promise<void> {
  for (const group of prepared.model.inverse) {
    if (group.identifiers.length === 0) continue;
    await effects.flushInserts(trx);
    await writeIncomingLinks(trx, identifier, group, effects);
  }
  await addTermsIfMissing(trx, catalogue.database.dialect, prepared.terms.newTerms);
  // The creator administers what they create (connectors included, as in AIoD); the user row first.
  await effects.ensureUser(trx, catalogue, viewer.principal);
  await effects.addNewAssetRows(trx, {
    ...relationRows(identifier, prepared),
    permission: { asset: identifier, subject: viewer.principal.subject as string, level: 'admin' },
  });
}

/**
 * Whose rendering shows a new asset: the other ends of its inverse relations, written by this
 * create (nothing else can refer to an identifier that did not exist).
 */
export function dependentsOfNewAsset(prepared: PreparedWrite): string[] {
  const inverseStored = new Set<string>(SNAPSHOT_OPTIONS.inverseFields);
  return [
    ...prepared.model.inverse.flatMap((group) => group.identifiers),
    ...prepared.links.filter((group) => inverseStored.has(group.field)).flatMap((group) => group.identifiers),
  ];
}
