/** Spatial coverage as a DCAT-AP dct:Location (LOCN address, GeoSPARQL centroid). */
import { hasContent, node } from '../json-ld.ts';
import { readNumber, readObject, readString } from '../read-object.ts';
import type { JsonLdNode, ReadObject } from '../types.ts';

function locnAddress(address: ReadObject | undefined): JsonLdNode | undefined {
  const value = node({
    '@type': 'locn:Address',
    'locn:fullAddress': readString(address, 'address'),
    'locn:thoroughfare': readString(address, 'street'),
    'locn:postCode': readString(address, 'postal_code'),
    'locn:postName': readString(address, 'locality'),
    'locn:adminUnitL2': readString(address, 'region'),
    'locn:adminUnitL1': readString(address, 'country'),
  });
  return hasContent(value) ? value : undefined;
}

/** A WKT point; WKT without a CRS is CRS84, longitude first. */
function centroid(geo: ReadObject | undefined): JsonLdNode | undefined {
  const latitude = readNumber(geo, 'latitude');
  const longitude = readNumber(geo, 'longitude');
  if (latitude === undefined || longitude === undefined) return undefined;
  return { '@value': `POINT(${longitude} ${latitude})`, '@type': 'gsp:wktLiteral' };
}

export function locationNode(location: ReadObject | undefined): JsonLdNode | undefined {
  const value = node({
    '@type': 'dct:Location',
    'locn:address': locnAddress(readObject(location, 'address')),
    'dcat:centroid': centroid(readObject(location, 'geo')),
  });
  return hasContent(value) ? value : undefined;
}
