/**
 * AIoD's inheritance as field groups: concept → ai_resource → ai_asset / agent / knowledge asset
 * (reference v1 §2.1-2.2, v2 §1.2, §3.1). A resource type lists its groups; each group adds fields,
 * a reference kind the type then satisfies, and a read-only identity field equal to `identifier`.
 */
import { field, type Field, type ReferenceKind, type ValueObject } from './fields.ts';
import { FIELD_LENGTH } from './limits.ts';
import { distribution, media, note, text } from './value-objects.ts';

export interface Group {
  name: string;
  /** References of this kind accept the types of this group (e.g. an `agent` reference accepts persons). */
  kind?: ReferenceKind;
  /** Read-only field that repeats the identifier (AIoD v2 keeps the parent ids, all equal). */
  identityField?: string;
  /** Read-only `contacts`: the Contact objects of the `contact` references, embedded. */
  embedsContacts?: boolean;
  fields: Record<string, Field>;
}

export const concept: Group = {
  name: 'concept',
  fields: {
    platform: field.string(FIELD_LENGTH.SHORT, 'The platform the resource comes from; "aiod" for resources created here.', {
      example: 'example',
    }),
    platform_resource_identifier: field.string(
      FIELD_LENGTH.NORMAL,
      'The identifier of the resource on its platform. Set together with platform.',
      { example: '1' },
    ),
    aiod_entry: { kind: 'entry', description: 'Catalogue bookkeeping: editors, status and dates.' },
  },
};

/** The concept fields that place an asset on its platform (set together; see auth/policy.ts). */
export const PLATFORM_FIELD_NAMES = ['platform', 'platform_resource_identifier'] as const;

export const aiResource: Group = {
  name: 'ai_resource',
  kind: 'ai_resource',
  identityField: 'ai_resource_identifier',
  embedsContacts: true,
  fields: {
    name: field.string(FIELD_LENGTH.NORMAL, 'The name of the resource.', { required: true, min: 1, example: 'The name of this resource' }),
    description: field.object(text, 'A description of the resource.'),
    date_published: field.datetime('When the resource was published on its platform.', {
      example: '2022-01-01T15:15:00.000Z',
    }),
    same_as: field.string(FIELD_LENGTH.NORMAL, 'The URL of the resource on its platform.', {
      example: 'https://www.example.com/resource/this_resource',
    }),
    alternate_name: field.strings(FIELD_LENGTH.LONG, 'Other names of the resource.', {
      example: ['alias 1', 'alias 2'],
    }),
    keyword: field.terms('keyword', 'Keywords or tags (lower-cased).', { example: ['keyword1', 'keyword2'] }),
    relevant_link: field.strings(FIELD_LENGTH.URL, 'URLs of relevant pages.', {
      example: ['https://www.example.com/a_relevant_link'],
    }),
    application_area: field.terms('application_area', 'Areas where the resource is applied.', {
      example: ['fraud prevention', 'voice assistance'],
    }),
    industrial_sector: field.terms('industrial_sector', 'Business sectors the resource relates to.', {
      example: ['Finance'],
    }),
    research_area: field.terms('research_area', 'Research areas the resource belongs to.', {
      example: ['Explainable AI'],
    }),
    scientific_domain: field.terms('scientific_domain', 'Scientific domains the resource belongs to.', {
      example: ['Computer Vision'],
    }),
    falls_under_paradigm: field.terms('ai_paradigm', 'AI paradigms the resource falls under.', {
      example: ['Machine Learning'],
    }),
    contact: field.refs('contact', 'Contacts for the resource (contact identifiers).'),
    creator: field.refs('contact', 'Creators of the resource (contact identifiers).'),
    media: field.objects(media, 'Images, videos and other media about the resource.'),
    note: field.objects(note, 'Notes on the resource.'),
    is_part_of: field.inverse('has_part', 'ai_resource', 'Resources this resource is part of.'),
    has_part: field.refs('ai_resource', 'Resources that are part of this resource.'),
    relevant_resource: field.refs('ai_resource', 'Resources relevant to this resource.'),
    relevant_to: field.inverse('relevant_resource', 'ai_resource', 'Resources this resource is relevant to.'),
  },
};

/** AI assets carry downloadable distributions; ML models and experiments use runnable ones. */
export function aiAsset(distributionObject: ValueObject = distribution): Group {
  return {
    name: 'ai_asset',
    kind: 'ai_asset',
    identityField: 'ai_asset_identifier',
    fields: {
      version: field.string(FIELD_LENGTH.NORMAL, 'The version of the asset.', { example: '1.1.0' }),
      is_accessible_for_free: field.boolean('Whether the asset can be accessed without payment.', { example: true }),
      distribution: field.objects(distributionObject, 'Downloadable forms of the asset.'),
      license: field.term('license', 'The licence of the asset, a term of the licence taxonomy.', {
        example: 'CC BY 4.0',
      }),
      citation: field.refs('publication', 'Publications that cite this asset or should be cited with it.'),
    },
  };
}

export const agent: Group = {
  name: 'agent',
  kind: 'agent',
  identityField: 'agent_identifier',
  fields: {},
};

export const knowledgeAsset: Group = {
  name: 'knowledge_asset',
  identityField: 'knowledge_asset_identifier',
  fields: {
    documents: field.refs('ai_asset', 'AI assets this publication documents.'),
  },
};
