/**
 * A dataset card's `citation` as publication records (AIoD parses them too, then drops them, §5.3;
 * we keep them). Best effort: BibTeX entries with a title become publications; BibTeX missing its
 * final brace (common on the Hub) is read again with one added; a short text that is not BibTeX is
 * taken as a title; anything else yields nothing.
 *
 * Platform ids are stable across runs and datasets, so two datasets citing the same paper share one
 * publication: `doi:<doi>` (lower-cased) when the entry has a DOI, else `bibtex:<hash of the parsed
 * entry>` (white space and field order do not change it), or `citation:<hash of the text>` for a
 * plain title.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../../database/model/normalize.ts';
import { publications } from '../../database/model/resources/publications.ts';
import { maxLength, objectFields } from '../model-limits.ts';
import { parseBibtex, type BibtexEntry } from './bibtex.ts';
import { oneLine, truncate } from './text.ts';

const LIMIT = {
  id: maxLength(publications.fields, 'platform_resource_identifier'),
  name: maxLength(publications.fields, 'name'),
  type: maxLength(publications.fields, 'type'),
  sameAs: maxLength(publications.fields, 'same_as'),
  permanentIdentifier: maxLength(publications.fields, 'permanent_identifier'),
  description: maxLength(objectFields(publications.fields, 'description'), 'plain'),
};

/** A record another one refers to (`@<plural>:<platform id>`), keyed by its platform id. */
export interface RelatedRecord {
  platformResourceIdentifier: string;
  body: Json;
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** `10.18653/v1/D18-1419` from a DOI field that may be a URL or carry a `doi:` prefix. */
function bareDoi(value: string): string | undefined {
  const doi = value.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  return /^10\.\S+\/\S+$/.test(doi) ? doi : undefined;
}

/** "Lu, Shuai and Guo, Daya" → "Shuai Lu, Daya Guo". */
function authorList(authors: string): string {
  return authors
    .split(/\s+and\s+/i)
    .map((author) => {
      const [last, ...first] = author.split(',').map((part) => part.trim());
      return [...first, last].filter(Boolean).join(' ');
    })
    .filter(Boolean)
    .join(', ');
}

/** An http(s) URL that fits `same_as`, or undefined. */
function link(value: string | undefined): string | undefined {
  const url = value?.trim();
  return url && /^https?:\/\/\S+$/i.test(url) && url.length <= LIMIT.sameAs ? url : undefined;
}

function stableEntryText(entry: BibtexEntry): string {
  const fields = Object.entries(entry.fields).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([entry.type, entry.key, fields]);
}

function fromEntry(entry: BibtexEntry): RelatedRecord | undefined {
  const title = entry.fields.title;
  if (!title) return undefined;
  const doi = entry.fields.doi ? bareDoi(entry.fields.doi) : undefined;
  const doiUrl = doi ? `https://doi.org/${doi}` : undefined;
  const body: Json = { name: truncate(title, LIMIT.name), type: truncate(entry.type, LIMIT.type) };
  const sameAs = link(entry.fields.url) ?? link(entry.fields.link) ?? link(doiUrl);
  if (sameAs) body.same_as = sameAs;
  if (doiUrl && doiUrl.length <= LIMIT.permanentIdentifier) body.permanent_identifier = doiUrl;
  const authors = entry.fields.author ? authorList(entry.fields.author) : '';
  if (authors) body.description = { plain: truncate(`By ${authors}`, LIMIT.description) };
  const id = doi ? `doi:${doi.toLowerCase()}` : `bibtex:${hash(stableEntryText(entry))}`;
  return { platformResourceIdentifier: id.length <= LIMIT.id ? id : `doi:${hash(doi!.toLowerCase())}`, body };
}

export function citedPublications(citation: string | undefined): RelatedRecord[] {
  const text = citation?.trim();
  if (!text) return [];
  let entries = parseBibtex(text);
  if (entries.length === 0 && text.includes('@')) entries = parseBibtex(`${text}}`);
  const publications = entries.map(fromEntry).filter((publication) => publication !== undefined);
  if (publications.length > 0) return dedupe(publications);
  if (entries.length > 0 || /[@{}]/.test(text) || text.length > LIMIT.name) return [];
  const title = oneLine(text);
  return [{ platformResourceIdentifier: `citation:${hash(title)}`, body: { name: title } }];
}

function dedupe(publications: RelatedRecord[]): RelatedRecord[] {
  const byId = new Map(publications.map((publication) => [publication.platformResourceIdentifier, publication]));
  return [...byId.values()];
}
