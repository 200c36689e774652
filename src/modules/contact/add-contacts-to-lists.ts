import { defineMembershipModule } from './list-memberships.js';

export default defineMembershipModule({
  key: 'add-contacts-to-lists',
  name: 'Add Contacts to Lists',
  mode: 'add',
  description:
    'Adds contacts to lists, as a bulk activity, keeping their other memberships. ' +
    'Choose the lists, then exactly one source: all active contacts, up to 500 contact ids, ' +
    'or the members of up to 50 other lists. Unsubscribed contacts are not added.',
});
