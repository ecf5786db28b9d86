/** Temporal coverage (an ISO 8601 interval such as "2011/2012") as a DCAT-AP dct:PeriodOfTime. */
import { node } from '../json-ld.ts';
import type { JsonLdNode } from '../types.ts';

/** The XSD type of one end of an interval, by its precision; undefined when it is not a date. */
function xsdTypeOf(value: string): string | undefined {
  if (/^\d{4}$/.test(value)) return 'xsd:gYear';
  if (/^\d{4}-\d{2}$/.test(value)) return 'xsd:gYearMonth';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'xsd:date';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) return 'xsd:dateTime';
  return undefined;
}

/** ISO 8601-2 writes an open end as ".." or nothing. */
const isOpen = (end: string): boolean => end === '' || end === '..';

/**
 * A period with start and end dates. A single date is a period of that precision (a whole year,
 * month or day). Intervals with durations ("2022/P1Y") are not dates and give no period.
 */
export function periodOfTimeNode(coverage: string | undefined): JsonLdNode | undefined {
  if (coverage === undefined) return undefined;
  const ends = coverage.trim().split('/');
  if (ends.length > 2) return undefined;
  const [start = '', end = start] = ends;
  if ([start, end].some((value) => !isOpen(value) && xsdTypeOf(value) === undefined)) return undefined;
  if (isOpen(start) && isOpen(end)) return undefined;
  const literal = (value: string) => {
    const type = xsdTypeOf(value);
    return isOpen(value) || type === undefined ? undefined : { '@value': value, '@type': type };
  };
  return node({ '@type': 'dct:PeriodOfTime', 'dcat:startDate': literal(start), 'dcat:endDate': literal(end) });
}
