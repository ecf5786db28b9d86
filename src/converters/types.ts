/** The vocabulary every converter shares: what goes in, what comes out, what a converter must offer. */

export type OutputFormat = 'schema.org' | 'dcat-ap';

/** An asset as GET /{type}/{id} returns it (see database/model/normalize.ts `toReadObject`). */
export type ReadObject = Record<string, unknown>;

/** A JSON-LD node or document. */
export type JsonLdNode = Record<string, unknown>;

export interface ConversionContext {
  /** Read objects of the assets the converted asset references (creators, funders, citations, members, ...), by identifier. Missing ones are skipped. */
  related: ReadonlyMap<string, ReadObject>;
  /** Absolute URL of an asset in this API, e.g. (type 'dataset', id) => 'https://host/datasets/data_x'. */
  assetUrl: (type: string, identifier: string) => string;
}

/** The references whose read objects a conversion reads. */
export interface References {
  /** Contact identifiers: the contact's own person or organisation is needed too (a second hop). */
  contacts: string[];
  /** Any other asset identifiers. */
  assets: string[];
}

export interface Converter {
  references: (object: ReadObject) => References;
  convert: (object: ReadObject, context: ConversionContext) => JsonLdNode;
}
