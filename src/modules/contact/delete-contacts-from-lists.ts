import { defineMembershipModule } from './list-memberships.js';

export default defineMembershipModule({
  key: 'delete-contacts-from-lists',
  name: 'Delete Contacts from Lists',
  mode: 'remove',
  description:
    'Removes contacts from lists by their IDs, as a bulk activity. ' +
    'The contacts themselves are kept. Choose the lists, then exactly one source: ' +
    'all active contacts, up to 500 contact ids, or the members of up to 50 other lists.',
});
