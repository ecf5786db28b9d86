/** Fields that several types declare alike without sharing an AIoD group: declared once here. */
import { field } from './fields.ts';
import { FIELD_LENGTH } from './limits.ts';

/** `pid` of experiments and ML models (publications name theirs `permanent_identifier`). */
export const pid = field.string(FIELD_LENGTH.SHORT, 'A permanent identifier, such as a DOI.', {
  example: 'https://doi.org/10.1000/182',
});
