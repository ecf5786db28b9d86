import { field } from '../fields.ts';
import { concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { location } from '../value-objects.ts';

export const contacts = defineResource({
  type: 'contact',
  plural: 'contacts',
  prefix: 'con',
  description: 'Contact details of a person or organisation. E-mail addresses are hidden from anonymous callers.',
  groups: [concept],
  fields: {
    name: field.string(FIELD_LENGTH.NORMAL, 'The name of the contact.', { example: 'Research desk' }),
    email: field.strings(FIELD_LENGTH.NORMAL, 'E-mail addresses.', { example: ['research@example.com'] }),
    telephone: field.strings(FIELD_LENGTH.NORMAL, 'Telephone numbers.', { example: ['+32 2 000 00 00'] }),
    location: field.objects(location, 'Where the contact can be found.'),
    person: field.ref('person', 'The person these are the contact details of.'),
    organisation: field.ref('organisation', 'The organisation these are the contact details of.'),
  },
});
