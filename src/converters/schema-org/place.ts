/** AIoD locations (spatial coverage, contact locations) as schema.org Places. */
import { hasContent, node } from '../json-ld.ts';
import { readNumber, readObject, readString } from '../read-object.ts';
import type { JsonLdNode, ReadObject } from '../types.ts';

function addressValue(address: ReadObject | undefined): JsonLdNode | string | undefined {
  const freeText = readString(address, 'address');
  const postal = node({
    '@type': 'PostalAddress',
    streetAddress: readString(address, 'street'),
    postalCode: readString(address, 'postal_code'),
    addressLocality: readString(address, 'locality'),
    addressRegion: readString(address, 'region'),
    addressCountry: readString(address, 'country'),
  });
  // schema.org takes an address as text too; with parts, the one-line form is the address's name.
  if (!hasContent(postal)) return freeText;
  return freeText === undefined ? postal : { ...postal, name: freeText };
}

function geoValue(geo: ReadObject | undefined): JsonLdNode | undefined {
  const millimetres = readNumber(geo, 'elevation_millimeters');
  const coordinates = node({
    '@type': 'GeoCoordinates',
    latitude: readNumber(geo, 'latitude'),
    longitude: readNumber(geo, 'longitude'),
    // schema.org reads a bare elevation number as metres.
    elevation: millimetres === undefined ? undefined : millimetres / 1000,
  });
  return hasContent(coordinates) ? coordinates : undefined;
}

export function placeNode(location: ReadObject | undefined): JsonLdNode | undefined {
  const place = node({
    '@type': 'Place',
    address: addressValue(readObject(location, 'address')),
    geo: geoValue(readObject(location, 'geo')),
  });
  return hasContent(place) ? place : undefined;
}
