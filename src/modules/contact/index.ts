import type { ModuleDefinition } from '../define.js';
import watchContacts from './watch-contacts.js';
import listContacts from './list-contacts.js';
import createContact from './create-contact.js';
import importContacts from './import-contacts.js';
import importContactsCsv from './import-contacts-csv.js';
import updateContact from './update-contact.js';
import deleteContact from './delete-contact.js';
import deleteContactsFromLists from './delete-contacts-from-lists.js';
import createOrUpdateContact from './create-or-update-contact.js';
import addContactsToLists from './add-contacts-to-lists.js';

/** The seed's order, then the two modules beyond the seed. */
export const modules: ModuleDefinition[] = [
  watchContacts,
  listContacts,
  createContact,
  importContacts,
  importContactsCsv,
  updateContact,
  deleteContact,
  deleteContactsFromLists,
  createOrUpdateContact,
  addContactsToLists,
];
