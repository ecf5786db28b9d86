/**
 * `?schema=schema.org | dcat-ap` on asset routes: the read objects are converted to JSON-LD
 * (src/converters) with the assets they reference, loaded as the caller may see them, in a
 * constant number of queries per page.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { convertAsset, loadRelated, type OutputFormat, outputFormats } from '../converters/index.ts';
import { resourceByType } from '../database/model/registry.ts';
import type { ResourceType } from '../database/model/resource.ts';
import type { ApiVersion } from '../database/model/schemas.ts';
import { publicUrl } from '../http/responses.ts';
import { type Viewer, visibleAssetObjects } from '../services/asset-reads.ts';
import type { Catalogue } from '../services/catalogue.ts';

export const JSON_LD = 'application/ld+json';

/** The `schema` query parameter of a type: `aiod` always, plus the formats its converters offer. */
export function schemaParameter(resource: ResourceType) {
  const values = ['aiod', ...(outputFormats[resource.type] ?? [])] as [string, ...string[]];
  return z
    .enum(values)
    .default('aiod')
    .openapi({ description: `Output format: ${values.join(', ')}. Other than aiod, the answer is JSON-LD.` });
}

/** Converts read objects (JSON bytes) of `resource` to `format`, as JSON bytes, in order. */
export async function converted(
  c: Context,
  catalogue: Catalogue,
  resource: ResourceType,
  version: ApiVersion,
  viewer: Viewer,
  format: OutputFormat,
  texts: Uint8Array[],
): Promise<Uint8Array[]> {
  const objects = texts.map((text) => JSON.parse(Buffer.from(text).toString('utf8')) as Record<string, unknown>);
  const related = await loadRelated(format, resource.type, objects, (identifiers) =>
    visibleAssetObjects(catalogue, identifiers, viewer),
  );
  const assetUrl = assetUrlFor(c, catalogue, version);
  return objects.map((object) => Buffer.from(JSON.stringify(convertAsset(format, resource.type, object, { related, assetUrl }))));
}

/** The API's public address as the client reached it (behind a proxy too), prefix included. */
export const apiOrigin = (c: Context, catalogue: Catalogue): string => `${publicUrl(c).origin}${catalogue.settings.URL_PREFIX}`;

/** An asset's URL in this API, in the version asked for: what converted formats link to. */
export function assetUrlFor(c: Context, catalogue: Catalogue, version: ApiVersion): (type: string, identifier: string) => string {
  const base = `${apiOrigin(c, catalogue)}${version === 'v2' ? '/v2' : ''}`;
  return (type, identifier) => `${base}/${resourceByType(type).plural}/${identifier}`;
}
