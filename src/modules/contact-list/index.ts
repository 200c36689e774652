import type { ModuleDefinition } from '../define.js';
import listContactLists from './list-contact-lists.js';
import createContactList from './create-contact-list.js';

export const modules: ModuleDefinition[] = [listContactLists, createContactList];
