/**
 * An OpenML flow as an ML model create body (reference v1 §5.5): a runnable distribution when the
 * flow says how to install or get it, its creator and contributors as contacts.
 */
import type { Json } from '../../database/model/normalize.ts';
import { mlModels } from '../../database/model/resources/ml-models.ts';
import { isDateTimeText } from '../../database/model/schemas.ts';
import type { MappedRecord } from './dataset.ts';
import { contactRecords, reference } from './related.ts';
import { ifFits, MappingError, maxLength, objectFields, optionalText, textList, truncate } from './values.ts';

const fields = mlModels.fields;
const runnableFields = objectFields(fields, 'distribution');
const LIMIT = {
  name: maxLength(fields, 'name'),
  description: maxLength(objectFields(fields, 'description'), 'plain'),
  sameAs: maxLength(fields, 'same_as'),
  version: maxLength(fields, 'version'),
  term: maxLength(fields, 'keyword'),
  dependency: maxLength(runnableFields, 'dependency'),
  installation: maxLength(runnableFields, 'installation'),
  contentUrl: maxLength(runnableFields, 'content_url'),
};

/** AIoD did not harvest scikit-learn pipelines (thousands of near-identical compositions). */
export function isSkippedFlow(name: unknown): boolean {
  return typeof name === 'string' && name.includes('sklearn.pipeline');
}

/** `GET /flow/<id>` → its `flow`, or a MappingError. */
export function flowDescription(response: unknown): Record<string, unknown> {
  const flow = (response as { flow?: unknown } | null)?.flow;
  if (!flow || typeof flow !== 'object' || Array.isArray(flow)) throw new MappingError('the answer has no flow');
  return flow as Record<string, unknown>;
}

export function mapFlow(flow: Record<string, unknown>, sameAs: string): MappedRecord {
  const name = optionalText(flow.name, 'name');
  if (!name) throw new MappingError('the flow has no name');
  const body: Json = { name: truncate(name, LIMIT.name), is_accessible_for_free: true };
  if (sameAs.length <= LIMIT.sameAs) body.same_as = sameAs;

  const text = optionalText(flow.full_description, 'full_description') ?? optionalText(flow.description, 'description');
  if (text) body.description = { plain: truncate(text, LIMIT.description) };
  const uploaded = optionalText(flow.upload_date, 'upload_date');
  if (uploaded && isDateTimeText(uploaded)) body.date_published = uploaded;
  const licence = ifFits(optionalText(flow.licence, 'licence'), LIMIT.term);
  if (licence) body.license = licence;
  const version = ifFits(optionalText(flow.version, 'version'), LIMIT.version);
  if (version) body.version = version;
  const keywords = textList(flow.tag, 'tag').filter((tag) => tag.length <= LIMIT.term);
  if (keywords.length > 0) body.keyword = keywords;

  const distribution: Json = {};
  const dependency = optionalText(flow.dependencies, 'dependencies');
  if (dependency) distribution.dependency = truncate(dependency, LIMIT.dependency);
  const installation = optionalText(flow.installation_notes, 'installation_notes');
  if (installation) distribution.installation = truncate(installation, LIMIT.installation);
  const binary = ifFits(optionalText(flow.binary_url, 'binary_url'), LIMIT.contentUrl);
  if (binary) distribution.content_url = binary;
  if (Object.keys(distribution).length > 0) body.distribution = [distribution];

  const people = contactRecords([...textList(flow.creator, 'creator'), ...textList(flow.contributor, 'contributor')]);
  if (people.length > 0) body.creator = people.map(reference);
  return { body, related: people };
}
