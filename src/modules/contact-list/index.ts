import type { ModuleDefinition } from '../define.js';
import listContactLists from './list-contact-lists.js';
import createContactList from './create-contact-list.js';
import updateContactList from './update-contact-list.js';
import deleteContactList from './delete-contact-list.js';

export const modules: ModuleDefinition[] = [listContactLists, createContactList, updateContactList, deleteContactList];
