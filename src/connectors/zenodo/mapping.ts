/**
 * DataCite record → catalogue bodies: one contact per creator and the dataset that refers to them
 * (reference v1 §5.6, plus what AIoD dropped: creators, version, access rights, the DOI).
 */
import type { Json } from '../../database/model/normalize.ts';
import { contacts as contactType } from '../../database/model/resources/contacts.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { maxLength, objectFields } from '../model-limits.ts';
import { truncate } from '../truncate.ts';
import type { DataCiteCreator, DataCiteRecord, DataCiteRights } from './datacite.ts';
import { htmlToText } from './html.ts';

const LIMIT = {
  name: maxLength(datasets.fields, 'name'),
  description: maxLength(objectFields(datasets.fields, 'description'), 'plain'),
  keyword: maxLength(datasets.fields, 'keyword'),
  version: maxLength(datasets.fields, 'version'),
  license: maxLength(datasets.fields, 'license'),
  contactId: maxLength(contactType.fields, 'platform_resource_identifier'),
  contactName: maxLength(contactType.fields, 'name'),
};

export interface ContactBody {
  platformResourceIdentifier: string;
  body: Json;
}

export interface MappedDataset {
  /** Yield these first: the dataset refers to them as `@contacts:<id>`. */
  contacts: ContactBody[];
  body: Json;
}

export class MappingError extends Error {}

const OPEN_ACCESS = 'info:eu-repo/semantics/openAccess';

/**
 * A creator's contact id: `orcid:<ORCID>` when there is one (the same person across records is one
 * contact), else `creator:<name>` (two people of the same name become one contact: the best a name
 * alone allows).
 */
export function contactIdOf(creator: DataCiteCreator): string {
  return creator.orcid ? `orcid:${creator.orcid}` : `creator:${creator.name}`.slice(0, LIMIT.contactId);
}

export function mapDataset(record: DataCiteRecord, options: { recordUrl: string | undefined; distributions: Json[] }): MappedDataset {
  if (!record.title) throw new MappingError('the DataCite record has no title');
  const contacts = new Map<string, ContactBody>();
  for (const creator of record.creators) {
    const id = contactIdOf(creator);
    if (!contacts.has(id)) contacts.set(id, { platformResourceIdentifier: id, body: { name: truncate(creator.name, LIMIT.contactName) } });
  }
  const body: Json = { name: truncate(record.title, LIMIT.name) };
  const description = record.abstract ? htmlToText(record.abstract) : '';
  if (description) body.description = { plain: truncate(description, LIMIT.description) };
  const published = publishedDate(record.issued) ?? publishedDate(record.publicationYear);
  if (published) body.date_published = published;
  // same_as is the record's landing page on the harvested Zenodo: it exists for every record, while
  // the DOI may belong to another registrant (e.g. 10.58473/...). The DOI is kept as a relevant link.
  if (options.recordUrl) body.same_as = options.recordUrl;
  if (record.doi) body.relevant_link = [`https://doi.org/${record.doi}`];
  const license = licenseOf(record.rights);
  if (license) body.license = license;
  const keywords = uniqueCaseInsensitive(record.subjects.map((subject) => truncate(subject, LIMIT.keyword)));
  if (keywords.length > 0) body.keyword = keywords;
  if (record.version) body.version = truncate(record.version, LIMIT.version);
  const free = accessibleForFree(record.rights);
  if (free !== undefined) body.is_accessible_for_free = free;
  if (contacts.size > 0) body.creator = [...contacts.keys()].map((id) => `@contacts:${id}`);
  if (options.distributions.length > 0) body.distribution = options.distributions;
  return { contacts: [...contacts.values()], body };
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also the start of a `start/end` range) → midnight UTC that day. */
export function publishedDate(value: string | undefined): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, year, month = '01', day = '01'] = match;
  const text = `${year}-${month}-${day}`;
  const date = new Date(`${text}T00:00:00Z`);
  // Date accepts 2023-02-31 by rolling over; a date that does not round-trip is not a date.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return undefined;
  return `${text}T00:00:00Z`;
}

/** Access rights (`info:eu-repo/semantics/...`) share the rights list with licences. */
function isAccessRight(rights: DataCiteRights): boolean {
  return rights.uri?.startsWith('info:eu-repo/semantics/') ?? false;
}

/**
 * The first licence: its identifier (SPDX ids such as `cc-by-4.0` match the licence taxonomy's
 * `CC-BY-4.0` case-insensitively), else its text.
 */
export function licenseOf(rights: DataCiteRights[]): string | undefined {
  const first = rights.find((item) => !isAccessRight(item) && (item.identifier || item.text));
  if (!first) return undefined;
  return truncate(first.identifier || first.text, LIMIT.license);
}

export function accessibleForFree(rights: DataCiteRights[]): boolean | undefined {
  const access = rights.find(isAccessRight);
  return access ? access.uri === OPEN_ACCESS : undefined;
}

function uniqueCaseInsensitive(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (!value || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { truncate };
