/**
 * What the connector reads from a DataCite (kernel 4) `<resource>`: a typed summary, independent of
 * the XML shape, which mapping.ts turns into catalogue bodies.
 */
import { attribute, child, children, collapse, textOf } from './xml.ts';

export interface DataCiteCreator {
  name: string;
  /** Bare ORCID (`0000-0002-1825-0097`) when the creator has one. */
  orcid?: string;
}

export interface DataCiteRights {
  text: string;
  identifier?: string;
  uri?: string;
}

export interface DataCiteRecord {
  resourceTypeGeneral: string | undefined;
  doi: string | undefined;
  creators: DataCiteCreator[];
  title: string | undefined;
  /** The Abstract description as published (Zenodo: HTML). */
  abstract: string | undefined;
  /** The Issued date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
  issued: string | undefined;
  publicationYear: string | undefined;
  rights: DataCiteRights[];
  subjects: string[];
  version: string | undefined;
}

const ORCID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/i;

export function readDataCite(resource: unknown): DataCiteRecord {
  const identifier = child(resource, 'identifier');
  const doi = attribute(identifier, 'identifierType')?.toUpperCase() === 'DOI' ? collapse(textOf(identifier)) : undefined;
  const titles = children(child(resource, 'titles'), 'title');
  // The main title has no titleType (others are Subtitle, AlternativeTitle, TranslatedTitle, ...).
  const title = titles.find((node) => attribute(node, 'titleType') === undefined) ?? titles[0];
  const abstract = children(child(resource, 'descriptions'), 'description').find(
    (node) => attribute(node, 'descriptionType') === 'Abstract',
  );
  const issued = children(child(resource, 'dates'), 'date').find((node) => attribute(node, 'dateType') === 'Issued');
  return {
    resourceTypeGeneral: attribute(child(resource, 'resourceType'), 'resourceTypeGeneral'),
    doi: doi || undefined,
    creators: children(child(resource, 'creators'), 'creator').flatMap(readCreator),
    title: optional(collapse(textOf(title))),
    abstract: optional(textOf(abstract).trim()),
    issued: optional(collapse(textOf(issued))),
    publicationYear: optional(collapse(textOf(child(resource, 'publicationYear')))),
    rights: children(child(resource, 'rightsList'), 'rights').map((node) => ({
      text: collapse(textOf(node)),
      ...defined('identifier', attribute(node, 'rightsIdentifier')),
      ...defined('uri', attribute(node, 'rightsURI')),
    })),
    subjects: children(child(resource, 'subjects'), 'subject')
      .map((node) => collapse(textOf(node)))
      .filter((subject) => subject !== ''),
    version: optional(collapse(textOf(child(resource, 'version')))),
  };
}

function readCreator(node: unknown): DataCiteCreator[] {
  const name = collapse(textOf(child(node, 'creatorName')));
  if (!name) return [];
  const orcid = children(node, 'nameIdentifier')
    .filter((identifier) => attribute(identifier, 'nameIdentifierScheme')?.toUpperCase() === 'ORCID')
    .map((identifier) => ORCID.exec(textOf(identifier))?.[1]?.toUpperCase())
    .find((value) => value !== undefined);
  return [orcid ? { name, orcid } : { name }];
}

function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
