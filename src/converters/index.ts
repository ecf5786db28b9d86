/**
 * Output formats other than AIoD's own JSON (`?schema=` on asset routes): schema.org and DCAT-AP
 * JSON-LD, each with an inline @context. Converters are pure functions of the read object and the
 * read objects it references; the route loads those (see `loadRelated`) and serialises the result.
 */
import { dcatApDataset } from './dcat-ap/dataset.ts';
import { identifiersToLoad, loadReferenced } from './related.ts';
import { schemaOrgDataset } from './schema-org/dataset.ts';
import { schemaOrgMlModel } from './schema-org/ml-model.ts';
import { schemaOrgOrganisation } from './schema-org/organisation.ts';
import { schemaOrgPerson } from './schema-org/person.ts';
import { schemaOrgPublication } from './schema-org/publication.ts';
import type { ConversionContext, Converter, JsonLdNode, OutputFormat, ReadObject } from './types.ts';

export type { ConversionContext, JsonLdNode, OutputFormat, ReadObject } from './types.ts';

/** Converters by AIoD type, per format. `outputFormats` is derived from this table. */
const converters: Readonly<Record<OutputFormat, Readonly<Record<string, Converter>>>> = {
  'schema.org': {
    dataset: schemaOrgDataset,
    publication: schemaOrgPublication,
    ml_model: schemaOrgMlModel,
    person: schemaOrgPerson,
    organisation: schemaOrgOrganisation,
  },
  'dcat-ap': {
    dataset: dcatApDataset,
  },
};

const formats = Object.keys(converters) as OutputFormat[];

/** Output formats offered per resource type (type = AIoD table name such as 'dataset'). */
export const outputFormats: Readonly<Record<string, readonly OutputFormat[]>> = Object.freeze(
  Object.fromEntries(
    [...new Set(formats.flatMap((format) => Object.keys(converters[format])))].map((type) => [
      type,
      Object.freeze(formats.filter((format) => Object.hasOwn(converters[format], type))),
    ]),
  ),
);

function converterFor(format: OutputFormat, type: string): Converter {
  // Own properties only: a type named like an Object.prototype member must not find a "converter".
  const byType = Object.hasOwn(converters, format) ? converters[format] : undefined;
  const converter = byType !== undefined && Object.hasOwn(byType, type) ? byType[type] : undefined;
  if (converter === undefined) throw new Error(`output format '${format}' is not offered for ${type}`);
  return converter;
}

/**
 * Identifiers of referenced assets the converter needs in `related` for this object.
 *
 * Creators are contacts, and a contact's person or organisation decides the creator's type and
 * name: those are a second hop. Called without `loaded`, this lists the first hop (plus the second
 * hop of contacts the object embeds); called again with what was loaded, it adds the persons and
 * organisations of the loaded contacts. `loadRelated` does exactly that.
 */
export function relatedIdentifiers(
  format: OutputFormat,
  type: string,
  object: ReadObject,
  loaded: ReadonlyMap<string, ReadObject> = new Map(),
): string[] {
  return identifiersToLoad(object, converterFor(format, type).references(object), loaded);
}

/**
 * Loads what `convertAsset` needs for one asset or a whole list page, in two calls of `load` at
 * most (see related.ts `loadReferenced`).
 */
export async function loadRelated(
  format: OutputFormat,
  type: string,
  objects: readonly ReadObject[],
  load: (identifiers: string[]) => Promise<ReadonlyMap<string, ReadObject>>,
): Promise<Map<string, ReadObject>> {
  return loadReferenced(objects, (object) => converterFor(format, type).references(object), load);
}

/** The asset in `format`. Throws a plain Error for a format the type does not offer (the route checks first). */
export function convertAsset(
  format: OutputFormat,
  type: string,
  object: ReadObject,
  context: ConversionContext,
): JsonLdNode {
  return converterFor(format, type).convert(object, context);
}
