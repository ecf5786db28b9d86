import { field } from '../fields.ts';
import { aiResource, concept } from '../groups.ts';
import { FIELD_LENGTH } from '../limits.ts';
import { defineResource } from '../resource.ts';
import { location, text } from '../value-objects.ts';

export const events = defineResource({
  type: 'event',
  plural: 'events',
  prefix: 'evnt',
  description: 'A conference, workshop, meetup or other event.',
  search: { fields: [] },
  groups: [concept, aiResource],
  fields: {
    start_date: field.datetime('When the event starts.', { example: '2021-02-03T15:15:00.000Z' }),
    end_date: field.datetime('When the event ends.', { example: '2022-02-03T15:15:00.000Z' }),
    schedule: field.string(FIELD_LENGTH.LONG, 'The schedule of the event.', {
      example: '10:00-10:30: Opening. 10:30-11:00: Keynote.',
    }),
    registration_link: field.string(FIELD_LENGTH.LONG, 'Where to register.', {
      example: 'https://www.example.com/registration',
    }),
    status: field.term('event_status', 'The status of the event, a term of the event status taxonomy.', {
      example: 'Scheduled',
    }),
    mode: field.term('event_mode', 'How the event takes place, a term of the event mode taxonomy.', {
      example: 'Physical',
    }),
    location: field.objects(location, 'Where the event takes place.'),
    content: field.object(text, 'The content of the event.'),
    performer: field.refs('agent', 'Persons or organisations that perform at the event.'),
    organiser: field.ref('agent', 'The person or organisation that organises the event.'),
  },
});
