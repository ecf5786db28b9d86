/** AIoD's value objects: embedded objects without identity of their own (reference v1 §2.3, v2 §3.1). */
import { field, valueObject } from './fields.ts';
import { FIELD_LENGTH } from './limits.ts';

export const text = valueObject('Text', 'A text in plain and/or HTML form.', {
  plain: field.string(FIELD_LENGTH.MAX_TEXT, 'The plain-text form.', { example: 'A plain text description.' }),
  html: field.string(FIELD_LENGTH.MAX_TEXT, 'The HTML form.', { example: '<p>An <b>HTML</b> description.</p>' }),
});

export const note = valueObject('Note', 'A free-form note on the resource.', {
  value: field.string(FIELD_LENGTH.VERY_LONG, 'The text of the note.', { required: true, example: 'A brief note.' }),
});

const distributionFields = {
  platform: field.string(FIELD_LENGTH.SHORT, 'The platform this distribution is hosted on.', { example: 'example' }),
  platform_resource_identifier: field.string(FIELD_LENGTH.NORMAL, 'Identifier of the distribution on its platform.'),
  checksum: field.string(FIELD_LENGTH.LONG, 'Checksum of the distribution.', {
    example: '3fb8f5c1e9e0b1b0b4e4f0c2b6e9e2a8',
  }),
  checksum_algorithm: field.string(FIELD_LENGTH.SHORT, 'Algorithm of the checksum.', { example: 'md5' }),
  copyright: field.string(FIELD_LENGTH.NORMAL, 'Copyright statement.', { example: '2024, Example Organisation' }),
  content_url: field.string(FIELD_LENGTH.LONG, 'Where the content can be downloaded.', {
    example: 'https://www.example.com/dataset/file.csv',
  }),
  content_size_kb: field.integer('Size of the content in kilobytes.', { min: 0, example: 10000 }),
  date_published: field.datetime('When this distribution was published.', { example: '2022-01-01T15:15:00.000Z' }),
  description: field.string(FIELD_LENGTH.LONG, 'Description of this distribution.', {
    example: 'Description of this file.',
  }),
  encoding_format: field.string(FIELD_LENGTH.NORMAL, 'The MIME type of the content.', { example: 'text/csv' }),
  name: field.string(FIELD_LENGTH.NORMAL, 'Name of this distribution.', { example: 'Name of this file.' }),
  technology_readiness_level: field.integer('Technology readiness level (1 to 9).', { min: 1, max: 9, example: 1 }),
  binary_blob: field.string(
    FIELD_LENGTH.BINARY_BLOB,
    'The content itself, base64-encoded. Only images uploaded through the image routes of organisations and ' +
      'projects have one, shown only with get_image=true; writes may not set it (use content_url).',
  ),
};

export const distribution = valueObject('Distribution', 'A downloadable form of the resource.', distributionFields);

export const media = valueObject('Media', 'An image, video or other media item about the resource.', distributionFields);

export const runnableDistribution = valueObject(
  'RunnableDistribution',
  'A distribution that can be installed and run, with its requirements.',
  {
    ...distributionFields,
    content_url: field.string(FIELD_LENGTH.NORMAL, 'Where the content can be downloaded.', {
      example: 'https://www.example.com/model/model.zip',
    }),
    installation_script: field.string(FIELD_LENGTH.NORMAL, 'Path or URL of the installation script.', {
      example: './install.sh',
    }),
    installation: field.string(FIELD_LENGTH.LONG, 'Installation instructions.', {
      example: 'Build the Dockerfile, then run the container.',
    }),
    installation_time_milliseconds: field.integer('Time the installation takes.', { min: 0, example: 100 }),
    deployment_script: field.string(FIELD_LENGTH.NORMAL, 'Path or URL of the deployment script.', {
      example: './run.sh',
    }),
    deployment: field.string(FIELD_LENGTH.LONG, 'Deployment instructions.', { example: 'Run the container.' }),
    deployment_time_milliseconds: field.integer('Time the deployment takes.', { min: 0, example: 100 }),
    os_requirement: field.string(FIELD_LENGTH.NORMAL, 'Operating system requirements.', { example: 'Linux' }),
    dependency: field.string(FIELD_LENGTH.NORMAL, 'Software dependencies.', { example: 'python>=3.10' }),
    hardware_requirement: field.string(FIELD_LENGTH.NORMAL, 'Hardware requirements.', { example: '4 GB RAM; 1 GPU' }),
  },
);

export const address = valueObject('Address', 'A postal address.', {
  region: field.string(FIELD_LENGTH.NORMAL, 'Region, state or province.', { example: 'California' }),
  locality: field.string(FIELD_LENGTH.NORMAL, 'City or town.', { example: 'Paris' }),
  street: field.string(FIELD_LENGTH.NORMAL, 'Street and number.', { example: 'Wetstraat 170' }),
  postal_code: field.string(FIELD_LENGTH.SHORT, 'Postal code.', { example: '1040 AA' }),
  address: field.string(FIELD_LENGTH.NORMAL, 'The whole address as free text.', {
    example: 'Wetstraat 170, 1040 Brussel',
  }),
  country: field.term('country', 'The country, as a term of the country taxonomy.', { example: 'Belgium' }),
});

export const geo = valueObject('Geo', 'A point on the earth (WGS 84).', {
  latitude: field.number('Latitude in degrees.', { min: -90, max: 90, example: 37.42242 }),
  longitude: field.number('Longitude in degrees.', { min: -180, max: 180, example: -122.08585 }),
  elevation_millimeters: field.integer('Elevation above sea level in millimetres.', { example: 0 }),
});

export const location = valueObject('Location', 'A place, by address and/or coordinates.', {
  address: field.object(address, 'The postal address.'),
  geo: field.object(geo, 'The coordinates.'),
});

export const datasetSize = valueObject('DatasetSize', 'The size of a dataset, in a unit of choice (not bytes).', {
  unit: field.string(FIELD_LENGTH.SHORT, 'Unit of the size, e.g. rows or instances.', { example: 'rows' }),
  value: field.integer('Number of units.', { min: 0, example: 100 }),
});
