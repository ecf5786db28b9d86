/**
 * An OpenML flow as an ML model create body (reference v1 §5.5): a runnable distribution when the
 * flow says how to install or get it, its creator and contributors as contacts.
 */
import type { Json } from '../../database/model/normalize.ts';
import { mlModels } from '../../database/model/resources/ml-models.ts';
import type { MappedRecord } from './dataset.ts';
import { contactRecords, reference } from './related.ts';
import { resourceFields } from './resource-fields.ts';
import { ifFits, MappingError, maxLength, objectFields, optionalText, textList, truncate } from './values.ts';

const fields = mlModels.fields;
const runnableFields = objectFields(fields, 'distribution');
const LIMIT = {
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
  const text = optionalText(flow.full_description, 'full_description') ?? optionalText(flow.description, 'description');
  const body = resourceFields(mlModels, flow, text, sameAs);

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
