/**
 * Records a dataset or flow refers to: its creators and contributors as contacts, its citation as a
 * publication. OpenML gives only names and a citation text, so their platform ids are that text
 * (`name:Jan N. van Rijn`, `citation:https://…`): the same name (or citation) everywhere on OpenML
 * is one record, the same one from run to run, and an operator can read what it is. A text too
 * long for the id column is identified by a hash of it instead.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../../database/model/normalize.ts';
import { contacts } from '../../database/model/resources/contacts.ts';
import { publications } from '../../database/model/resources/publications.ts';
import { maxLength, objectFields, truncate } from './values.ts';

export interface RelatedRecord {
  resource: 'contacts' | 'publications';
  platformResourceIdentifier: string;
  body: Json;
}

const CONTACT_NAME_MAX = maxLength(contacts.fields, 'name');
const ID_MAX = maxLength(contacts.fields, 'platform_resource_identifier');
const PUBLICATION = {
  name: maxLength(publications.fields, 'name'),
  sameAs: maxLength(publications.fields, 'same_as'),
  description: maxLength(objectFields(publications.fields, 'description'), 'plain'),
};

function textId(kind: 'name' | 'citation', text: string): string {
  const key = text.replace(/\s+/g, ' ').trim();
  const id = `${kind}:${key}`;
  return id.length <= ID_MAX ? id : `${kind}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export function reference(record: RelatedRecord): string {
  return `@${record.resource}:${record.platformResourceIdentifier}`;
}

/** One contact per distinct name (creators first, then contributors). */
export function contactRecords(names: string[]): RelatedRecord[] {
  const byId = new Map<string, RelatedRecord>();
  for (const name of names) {
    const id = textId('name', name);
    if (!byId.has(id)) {
      byId.set(id, { resource: 'contacts', platformResourceIdentifier: id, body: { name: truncate(name, CONTACT_NAME_MAX) } });
    }
  }
  return [...byId.values()];
}

/** A citation is a URL (OpenML often gives a citation policy page) or a reference text. */
export function publicationRecord(citation: string): RelatedRecord {
  const body: Json = { name: truncate(citation, PUBLICATION.name) };
  if (/^https?:\/\/\S+$/.test(citation) && citation.length <= PUBLICATION.sameAs) body.same_as = citation;
  else if (citation.length > PUBLICATION.name) body.description = { plain: truncate(citation, PUBLICATION.description) };
  return { resource: 'publications', platformResourceIdentifier: textId('citation', citation), body };
}
