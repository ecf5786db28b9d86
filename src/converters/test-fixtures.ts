/**
 * Linked read objects for the converter tests, made by the model's own code (create body →
 * `toWriteModel` → stored asset → `toReadObject`), so they have exactly the shape the API returns.
 *
 * The story: a Delft traffic dataset created by Jane Doe (a contact of a person who works at the
 * Delft AI Lab), by the lab itself (a contact of the organisation) and by a "Data desk" contact of
 * nobody in particular; funded by the lab and by a foundation; citing a paper; documented by that
 * paper; with two distributions (md5 and SHA-256 checksums) and a spatial coverage.
 */
import { resourceByType } from '../database/model/registry.ts';
import { type Json, type StoredAsset, toReadObject, toWriteModel } from '../database/model/normalize.ts';
import type { ConversionContext, ReadObject } from './types.ts';

export const ids = {
  dataset: 'data_HlxWk9XDSfypDdWhwa7rxDCM',
  otherDataset: 'data_Q2mT7vKp0ZxYb4RcNw8sLd1E',
  publication: 'pub_7fKq2LmN9pXrT4vWb6yZc1Ds',
  mlModel: 'mdl_Vb3nM8qW2eRt6yUi0oPa4sDf',
  jane: 'prsn_J4n3D0eXk8Lm2Nq5Rs7Tv9Wy',
  lab: 'org_De1ftA1LabMob1l1tyX9Zq3Rt',
  foundation: 'org_F0undat10nGr4ntsK7pL2mN8',
  janeContact: 'con_Ja9eW0rkC0nt4ctQ1wE3rT5y',
  labContact: 'con_LabC0nt4ctD3skZx8Cv6Bn4M',
  deskContact: 'con_D4t4D3skN0b0dyP7oI5uY3tR',
  /** Referenced but never loaded: stands for an asset the route could not load. */
  unknownContact: 'con_Unkn0wnUnkn0wnUnkn0wn12',
  unknownPublication: 'pub_Unkn0wnUnkn0wnUnkn0wn12',
  unknownOrganisation: 'org_Unkn0wnUnkn0wnUnkn0wn12',
} as const;

export const HOST = 'https://catalogue.example.org';

/** What the route passes: the API's own URL of each asset. */
export function assetUrl(type: string, identifier: string): string {
  return `${HOST}/${resourceByType(type).plural}/${identifier}`;
}

const DATE_CREATED = '2024-02-01T10:00:00.000Z';
const DATE_MODIFIED = '2024-03-05T08:30:00.000Z';

/** A read object as GET returns it, from a create body. */
export function readObjectOf(type: string, identifier: string, body: Json, contacts: Json[] = []): ReadObject {
  const resource = resourceByType(type);
  const model = toWriteModel(resource, body);
  const links = new Map<string, string[]>(model.links.map((group) => [group.field, group.identifiers]));
  for (const [name] of resource.inverseFields) links.set(name, (body[name] as string[] | undefined) ?? []);
  links.set('editor', model.editor);
  const stored: StoredAsset = {
    identifier,
    platform: model.platform ?? 'aiod',
    platformResourceIdentifier: model.platformResourceIdentifier ?? identifier,
    name: model.name,
    status: 'published',
    dateCreated: DATE_CREATED,
    dateModified: DATE_MODIFIED,
    doc: model.doc,
    links,
  };
  return toReadObject(resource, stored, 'latest', { contacts });
}

export const jane = readObjectOf('person', ids.jane, {
  name: 'Doe, J.',
  given_name: 'Jane',
  surname: 'Doe',
  description: { plain: 'Senior researcher in spatio-temporal machine learning.' },
  expertise: ['graph neural networks', 'traffic forecasting'],
  languages: ['English', 'Dutch'],
  member_of: [ids.lab, ids.unknownOrganisation],
  contact_details: ids.janeContact,
  same_as: 'https://orcid.org/0000-0002-1825-0097',
});

export const lab = readObjectOf('organisation', ids.lab, {
  name: 'Delft AI Lab for Mobility',
  legal_name: 'Stichting Delft AI Lab for Mobility',
  description: { plain: 'A research institute for traffic forecasting.' },
  date_founded: '2019-03-01',
  same_as: 'https://www.example.org/delft-ai-lab',
  type: 'Research Institution',
  number_of_employees: '<250',
  keyword: ['mobility', 'open data'],
  member: [ids.jane, ids.foundation],
  contact_details: ids.labContact,
  media: [
    { name: 'Logo', content_url: 'https://www.example.org/delft-ai-lab/logo.png', encoding_format: 'image/png' },
    { name: 'Intro video', content_url: 'https://www.example.org/delft-ai-lab/intro.mp4', encoding_format: 'video/mp4' },
  ],
});

export const foundation = readObjectOf('organisation', ids.foundation, {
  name: 'Open Mobility Foundation',
});

export const janeContact = readObjectOf('contact', ids.janeContact, {
  name: 'Jane Doe (work)',
  email: ['jane.doe@example.org'],
  telephone: ['+31 15 000 0000'],
  location: [
    {
      address: { street: 'Mekelweg 4', postal_code: '2628 CD', locality: 'Delft', region: 'South Holland', country: 'Netherlands' },
      geo: { latitude: 52.0022, longitude: 4.3736 },
    },
  ],
  person: ids.jane,
  organisation: ids.lab,
});

export const labContact = readObjectOf('contact', ids.labContact, {
  name: 'Lab secretariat',
  email: ['office@delft-ai-lab.example.org'],
  telephone: ['+31 15 111 1111'],
  location: [{ address: { address: 'Mekelweg 5, 2628 CD Delft', country: 'Netherlands' }, geo: { latitude: 52.0, longitude: 4.37 } }],
  organisation: ids.lab,
});

/** As an anonymous caller sees it: the e-mail address is masked. */
export const deskContact = readObjectOf('contact', ids.deskContact, {
  name: 'Data desk',
  email: ['******'],
});

export const publication = readObjectOf('publication', ids.publication, {
  name: 'Explainable graph neural networks for city-scale traffic forecasting',
  description: { plain: 'We forecast traffic speed on a city road network with a graph neural network.' },
  content: { plain: 'Full text of the article.' },
  type: 'Journal Article',
  permanent_identifier: 'https://doi.org/10.1234/example.traffic.2023',
  issn: '20493630',
  isbn: '9783161484100',
  date_published: '2023-06-15T00:00:00Z',
  version: '1',
  license: 'CC-BY-4.0',
  is_accessible_for_free: false,
  keyword: ['traffic forecasting', 'explainability'],
  creator: [ids.janeContact, ids.unknownContact],
  citation: [ids.unknownPublication],
  documents: [ids.dataset, ids.otherDataset],
  distribution: [
    {
      name: 'Article (PDF)',
      content_url: 'https://www.example.org/papers/traffic-gnn-2023.pdf',
      encoding_format: 'application/pdf',
      content_size_kb: 850,
    },
  ],
});

export const dataset = readObjectOf(
  'dataset',
  ids.dataset,
  {
    platform: 'zenodo',
    platform_resource_identifier: 'zenodo.org:7654321',
    name: 'Delft road traffic speeds 2022',
    description: {
      plain: 'Five-minute average traffic speeds on 1,204 road segments of Delft for 2022.',
      html: '<p>Five-minute average traffic speeds on <b>1,204</b> road segments.</p>',
    },
    alternate_name: ['Delft traffic 2022'],
    same_as: 'https://zenodo.org/records/7654321',
    date_published: '2023-01-10T09:00:00Z',
    version: '1.0.0',
    license: 'CC-BY-4.0',
    is_accessible_for_free: true,
    issn: '20493630',
    measurement_technique: 'induction loop detectors',
    temporal_coverage: '2022-01-01/2022-12-31',
    keyword: ['traffic', 'mobility', 'time series'],
    relevant_link: ['https://www.example.org/delft-traffic/docs'],
    size: { unit: 'rows', value: 126489600 },
    spatial_coverage: {
      address: { locality: 'Delft', region: 'South Holland', country: 'Netherlands' },
      geo: { latitude: 52.0116, longitude: 4.3571, elevation_millimeters: -2000 },
    },
    distribution: [
      {
        name: 'speeds-2022.csv.gz',
        description: 'Speeds per segment and five-minute interval.',
        content_url: 'https://zenodo.org/records/7654321/files/speeds-2022.csv.gz',
        encoding_format: 'text/csv',
        content_size_kb: 1450000,
        checksum: '9e107d9d372bb6826bd81d3542a419d6',
        checksum_algorithm: 'md5',
        date_published: '2023-01-10T09:00:00Z',
      },
      {
        name: 'road-graph.json',
        content_url: 'https://zenodo.org/records/7654321/files/road-graph.json',
        encoding_format: 'application/json',
        content_size_kb: 2300,
        checksum: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
        checksum_algorithm: 'SHA-256',
      },
    ],
    creator: [ids.janeContact, ids.labContact, ids.deskContact, ids.unknownContact],
    contact: [ids.janeContact, ids.deskContact],
    funder: [ids.lab, ids.foundation, ids.unknownOrganisation],
    citation: [ids.publication, ids.unknownPublication],
    has_part: [ids.otherDataset],
    relevant_resource: [ids.mlModel],
  },
  [janeContact, deskContact],
);

export const mlModel = readObjectOf('ml_model', ids.mlModel, {
  platform: 'huggingface',
  platform_resource_identifier: 'delft-ai-lab/traffic-gnn',
  name: 'Traffic GNN',
  description: { html: '<p>A graph neural network that forecasts traffic speeds.</p>' },
  pid: 'https://doi.org/10.5281/zenodo.1234567',
  type: 'graph neural network',
  version: '2.1.0',
  license: 'https://www.apache.org/licenses/LICENSE-2.0',
  keyword: ['traffic', 'gnn'],
  date_published: '2023-09-01T12:00:00Z',
  creator: [ids.labContact],
  citation: [ids.publication],
  distribution: [
    {
      name: 'model.safetensors',
      content_url: 'https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/model.safetensors',
      encoding_format: 'application/octet-stream',
      content_size_kb: 120000,
      checksum: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
      checksum_algorithm: 'sha256',
      installation_script: 'https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/install.sh',
      os_requirement: 'Linux',
      dependency: 'torch>=2.1',
      hardware_requirement: '16 GB RAM; 1 GPU',
    },
    {
      name: 'model.onnx',
      content_url: 'https://huggingface.co/delft-ai-lab/traffic-gnn/resolve/main/model.onnx',
      installation_script: './install.sh',
      os_requirement: 'Linux',
      dependency: 'onnxruntime>=1.17',
    },
  ],
});

/** Everything the converted assets reference and the route could load; the "unknown" ids are absent. */
export const related: ReadonlyMap<string, ReadObject> = new Map([
  [ids.jane, jane],
  [ids.lab, lab],
  [ids.foundation, foundation],
  [ids.janeContact, janeContact],
  [ids.labContact, labContact],
  [ids.deskContact, deskContact],
  [ids.publication, publication],
  [ids.dataset, dataset],
]);

export const context: ConversionContext = { related, assetUrl };

export const url = {
  dataset: assetUrl('dataset', ids.dataset),
  otherDataset: assetUrl('dataset', ids.otherDataset),
  publication: assetUrl('publication', ids.publication),
  mlModel: assetUrl('ml_model', ids.mlModel),
  jane: assetUrl('person', ids.jane),
  lab: assetUrl('organisation', ids.lab),
  foundation: assetUrl('organisation', ids.foundation),
  janeContact: assetUrl('contact', ids.janeContact),
  deskContact: assetUrl('contact', ids.deskContact),
};
