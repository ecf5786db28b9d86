/**
 * The fields OpenML datasets and flows share, mapped the same way for both: name, same_as,
 * description, date_published, license, version and keywords, each within the model's limits.
 */
import type { Json } from '../../database/model/normalize.ts';
import type { ResourceType } from '../../database/model/resource.ts';
import { isDateTimeText } from '../../database/model/schemas.ts';
import { ifFits, MappingError, maxLength, objectFields, optionalText, textList, truncate } from './values.ts';

export function resourceLimits(resource: ResourceType) {
  const { fields } = resource;
  return {
    name: maxLength(fields, 'name'),
    description: maxLength(objectFields(fields, 'description'), 'plain'),
    sameAs: maxLength(fields, 'same_as'),
    version: maxLength(fields, 'version'),
    term: maxLength(fields, 'keyword'),
  };
}

/** `description`: the record's description text (flows prefer their full description). */
export function resourceFields(
  resource: ResourceType,
  record: Record<string, unknown>,
  description: string | undefined,
  sameAs: string,
): Json {
  const limit = resourceLimits(resource);
  const name = optionalText(record.name, 'name');
  if (!name) throw new MappingError(`the ${resource.type === 'dataset' ? 'dataset' : 'flow'} has no name`);
  const body: Json = { name: truncate(name, limit.name), is_accessible_for_free: true };
  if (sameAs.length <= limit.sameAs) body.same_as = sameAs;
  if (description) body.description = { plain: truncate(description, limit.description) };
  const uploaded = optionalText(record.upload_date, 'upload_date');
  if (uploaded && isDateTimeText(uploaded)) body.date_published = uploaded;
  const licence = ifFits(optionalText(record.licence, 'licence'), limit.term);
  if (licence) body.license = licence;
  const version = ifFits(optionalText(record.version, 'version'), limit.version);
  if (version) body.version = version;
  const keywords = textList(record.tag, 'tag').filter((tag) => tag.length <= limit.term);
  if (keywords.length > 0) body.keyword = keywords;
  return body;
}
