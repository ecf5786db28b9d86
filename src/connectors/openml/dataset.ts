/**
 * An OpenML dataset description (+ qualities) as a dataset create body (reference v1 §5.4), with
 * its creators and contributors as contacts and its citation as a publication.
 */
import type { Json } from '../../database/model/normalize.ts';
import { datasets } from '../../database/model/resources/datasets.ts';
import { contactRecords, publicationRecord, reference, type RelatedRecord } from './related.ts';
import { resourceFields } from './resource-fields.ts';
import { ifFits, integral, MappingError, maxLength, objectFields, optionalText, textList } from './values.ts';

const fields = datasets.fields;
const distributionFields = objectFields(fields, 'distribution');
const LIMIT = {
  link: maxLength(fields, 'relevant_link'),
  contentUrl: maxLength(distributionFields, 'content_url'),
  encodingFormat: maxLength(distributionFields, 'encoding_format'),
  checksum: maxLength(distributionFields, 'checksum'),
};

export interface Quality {
  name: string;
  value: unknown;
}

export interface MappedRecord {
  body: Json;
  /** Records the body refers to (`@contacts:…`, `@publications:…`): yield these first. */
  related: RelatedRecord[];
}

/** `GET /data/<id>` → its `data_set_description`, or a MappingError. */
export function datasetDescription(response: unknown): Record<string, unknown> {
  const description = (response as { data_set_description?: unknown } | null)?.data_set_description;
  if (!description || typeof description !== 'object' || Array.isArray(description)) {
    throw new MappingError('the answer has no data_set_description');
  }
  return description as Record<string, unknown>;
}

/** `GET /data/qualities/<id>` → its list of qualities (none when the shape is unexpected). */
export function qualityList(response: unknown): Quality[] {
  const quality = (response as { data_qualities?: { quality?: unknown } } | null)?.data_qualities?.quality;
  return Array.isArray(quality) ? (quality as Quality[]) : [];
}

export function numberOfInstances(qualities: Quality[]): number | undefined {
  return integral(qualities.find((quality) => quality?.name === 'NumberOfInstances')?.value);
}

export function mapDataset(description: Record<string, unknown>, qualities: Quality[], sameAs: string): MappedRecord {
  const body = resourceFields(datasets, description, optionalText(description.description, 'description'), sameAs);
  const links = [description.original_data_url, description.paper_url]
    .map((link) => ifFits(optionalText(link, 'link'), LIMIT.link))
    .filter((link): link is string => link !== undefined);
  if (links.length > 0) body.relevant_link = [...new Set(links)];

  const url = ifFits(optionalText(description.url, 'url'), LIMIT.contentUrl);
  if (url) {
    const distribution: Json = { content_url: url };
    const format = ifFits(optionalText(description.format, 'format'), LIMIT.encodingFormat);
    if (format) distribution.encoding_format = format;
    const md5 = ifFits(optionalText(description.md5_checksum, 'md5_checksum'), LIMIT.checksum);
    if (md5) Object.assign(distribution, { checksum: md5, checksum_algorithm: 'md5' });
    body.distribution = [distribution];
  }
  const instances = numberOfInstances(qualities);
  if (instances !== undefined && instances >= 0) body.size = { value: instances, unit: 'instances' };

  const people = contactRecords([...textList(description.creator, 'creator'), ...textList(description.contributor, 'contributor')]);
  if (people.length > 0) body.creator = people.map(reference);
  const related = [...people];
  const citation = optionalText(description.citation, 'citation');
  if (citation) {
    const publication = publicationRecord(citation);
    body.citation = [reference(publication)];
    related.push(publication);
  }
  return { body, related };
}
