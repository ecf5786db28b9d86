/** Dataset distributions as DCAT-AP Distributions. */
import { type Checksum, checksumOf } from '../checksum.ts';
import { node, reference, typedLiteral } from '../json-ld.ts';
import { readNumber, readString } from '../read-object.ts';
import type { JsonLdNode, ReadObject } from '../types.ts';
import { dateTime } from './context.ts';

/** SPDX's checksum algorithm individuals, by normalised AIoD algorithm name. */
const spdxAlgorithms: Readonly<Record<string, string>> = {
  adler32: 'adler32',
  blake2b256: 'blake2b256',
  blake2b384: 'blake2b384',
  blake2b512: 'blake2b512',
  blake3: 'blake3',
  md2: 'md2',
  md4: 'md4',
  md5: 'md5',
  md6: 'md6',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3256: 'sha3_256',
  sha3384: 'sha3_384',
  sha3512: 'sha3_512',
};

/**
 * An spdx:Checksum, or none when the algorithm is missing or unknown: DCAT-AP requires both, and
 * a value nobody knows how to compute cannot be checked.
 */
function checksumNode(checksum: Checksum | undefined): JsonLdNode | undefined {
  const algorithm = checksum?.algorithm === undefined ? undefined : spdxAlgorithms[checksum.algorithm];
  if (checksum === undefined || algorithm === undefined) return undefined;
  const hex = /^[0-9a-f]+$/i.test(checksum.value);
  return {
    '@type': 'spdx:Checksum',
    'spdx:algorithm': { '@id': `spdx:checksumAlgorithm_${algorithm}` },
    'spdx:checksumValue': hex ? { '@value': checksum.value, '@type': 'xsd:hexBinary' } : checksum.value,
  };
}

/** The IANA media type IRI DCAT-AP asks for, when the encoding format is a MIME type. */
function mediaType(encodingFormat: string | undefined): JsonLdNode | undefined {
  if (encodingFormat === undefined || !/^[a-z]+\/[a-z0-9.+-]+$/i.test(encodingFormat)) return undefined;
  return { '@id': `http://www.iana.org/assignments/media-types/${encodingFormat.toLowerCase()}` };
}

export function distributionIri(datasetIri: string, index: number): string {
  return `${datasetIri}#distribution-${index + 1}`;
}

export function distributionNode(
  distribution: ReadObject,
  iri: string,
  license: JsonLdNode | undefined,
): JsonLdNode {
  const contentUrl = reference(readString(distribution, 'content_url'));
  const sizeKb = readNumber(distribution, 'content_size_kb');
  const encodingFormat = readString(distribution, 'encoding_format');
  return node({
    '@id': iri,
    '@type': 'dcat:Distribution',
    'dct:title': readString(distribution, 'name'),
    'dct:description': readString(distribution, 'description'),
    'dcat:accessURL': contentUrl,
    'dcat:downloadURL': contentUrl,
    // dct:format's vocabulary (EU file types) has no mapping from MIME types here: the text stays
    // readable, dcat:mediaType carries the machine-usable IANA type.
    'dct:format': encodingFormat,
    'dcat:mediaType': mediaType(encodingFormat),
    // AIoD's kilobytes are thousands of bytes (its Zenodo upload divides bytes by 1000).
    'dcat:byteSize': typedLiteral(sizeKb === undefined ? undefined : String(sizeKb * 1000), 'xsd:decimal'),
    'dct:issued': dateTime(readString(distribution, 'date_published')),
    'dct:license': license,
    'spdx:checksum': checksumNode(checksumOf(distribution)),
  });
}
