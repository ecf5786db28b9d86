/**
 * One Hub dataset (an item of `GET /api/datasets?full=true`) as the records it yields: the author as
 * a contact, the card's citations as publications, and the dataset (AIoD's mapping, §5.3, plus what
 * AIoD drops: creator and citation references).
 *
 * The platform id is the Hub's `_id`, which a rename keeps; the repo id (`namespace/name`) is the
 * name and changes with a rename (the connector keeps the old one as an alternate name).
 */
import type { Settings } from '../../config.ts';
import type { Json } from '../../database/model/normalize.ts';
import { contacts } from '../../database/model/resources/contacts.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { maxLength, objectFields } from '../model-limits.ts';
import { isDateTimeText } from '../../database/model/schemas.ts';
import { citedPublications, type RelatedRecord } from './citations.ts';
import { truncate } from './text.ts';

const LIMIT = {
  name: maxLength(datasets.fields, 'name'),
  sameAs: maxLength(datasets.fields, 'same_as'),
  description: maxLength(objectFields(datasets.fields, 'description'), 'plain'),
  license: maxLength(datasets.fields, 'license'),
  keyword: maxLength(datasets.fields, 'keyword'),
  contactId: maxLength(contacts.fields, 'platform_resource_identifier'),
  contactName: maxLength(contacts.fields, 'name'),
};

/** The fields of a listing item this connector reads, checked by `readHubDataset`. */
export interface HubDataset {
  _id: string;
  /** Repo id: `name` or `namespace/name`. */
  id: string;
  author?: string;
  lastModified?: string;
  createdAt?: string;
  private?: boolean;
  description?: string;
  citation?: string;
  tags: string[];
  cardData: Record<string, unknown>;
}

export class MappingError extends Error {}

export interface MappedDataset {
  platformResourceIdentifier: string;
  contact: RelatedRecord | undefined;
  publications: RelatedRecord[];
  body: Json;
}

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const optionalDate = (value: unknown): string | undefined =>
  typeof value === 'string' && isDateTimeText(value) ? value : undefined;

/** The `_id` of a listing item when it has one: record errors carry it. */
export function hubDatasetId(raw: unknown): string | undefined {
  const id = (raw as { _id?: unknown } | null)?._id;
  return typeof id === 'string' && id ? id : undefined;
}

/** A listing item checked for what mapping needs; throws MappingError for an unusable one. */
export function readHubDataset(raw: unknown): HubDataset {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MappingError('dataset is not a JSON object');
  const item = raw as Record<string, unknown>;
  const platformId = hubDatasetId(item);
  if (!platformId) throw new MappingError('dataset has no _id');
  const repoId = optionalText(item.id);
  if (!repoId) throw new MappingError(`dataset ${platformId} has no repo id ("id")`);
  const cardData = typeof item.cardData === 'object' && item.cardData !== null && !Array.isArray(item.cardData)
    ? (item.cardData as Record<string, unknown>)
    : {};
  return {
    _id: platformId,
    id: repoId,
    author: optionalText(item.author),
    lastModified: optionalDate(item.lastModified),
    createdAt: optionalDate(item.createdAt),
    private: item.private === true,
    description: optionalText(item.description) ?? optionalText(cardData.description),
    citation: optionalText(item.citation),
    tags: Array.isArray(item.tags) ? item.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    cardData,
  };
}

/** The card's licence: a string or a list of them (the first one counts, as in AIoD). */
function license(cardData: Record<string, unknown>): string | undefined {
  const value = Array.isArray(cardData.license) ? cardData.license[0] : cardData.license;
  const text = optionalText(value)?.trim();
  return text && text.length <= LIMIT.license ? text : undefined;
}

/** Tags as keywords: no empty, over-long or (case-insensitively) repeated ones. */
function keywords(tags: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags.map((value) => value.trim())) {
    const key = tag.toLowerCase();
    if (!tag || tag.length > LIMIT.keyword || seen.has(key)) continue;
    seen.add(key);
    result.push(tag);
  }
  return result;
}

/** The author (a Hub user or organisation) as a contact, with the platform id `author:<author>`. */
export function authorContact(author: string): RelatedRecord {
  return {
    platformResourceIdentifier: truncate(`author:${author}`, LIMIT.contactId),
    body: { name: truncate(author, LIMIT.contactName) },
  };
}

export function datasetPageUrl(settings: Settings, repoId: string): string {
  return `${settings.HUGGINGFACE_API_URL.replace(/\/+$/, '')}/datasets/${repoId}`;
}

export function mapDataset(dataset: HubDataset, distributions: Json[], settings: Settings): MappedDataset {
  const contact = dataset.author ? authorContact(dataset.author) : undefined;
  const publications = citedPublications(dataset.citation);
  const body: Json = {
    name: truncate(dataset.id, LIMIT.name),
    is_accessible_for_free: !dataset.private,
    keyword: keywords(dataset.tags),
    distribution: distributions,
    creator: contact ? [`@contacts:${contact.platformResourceIdentifier}`] : [],
    citation: publications.map((publication) => `@publications:${publication.platformResourceIdentifier}`),
  };
  const sameAs = datasetPageUrl(settings, dataset.id);
  if (sameAs.length <= LIMIT.sameAs) body.same_as = sameAs;
  if (dataset.description) body.description = { plain: truncate(dataset.description, LIMIT.description) };
  if (dataset.createdAt) body.date_published = dataset.createdAt;
  const licence = license(dataset.cardData);
  if (licence) body.license = licence;
  return { platformResourceIdentifier: dataset._id, contact, publications, body };
}
