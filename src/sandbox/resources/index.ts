import type { SandboxResource } from '../context.js';
import { contactsResource } from './contacts.js';
import { contactsExtrasResource } from './contacts-extras.js';
import { contactListsResource } from './contact-lists.js';
import { customFieldsResource } from './custom-fields.js';
import { tagsResource } from './tags.js';
import { activitiesResource } from './activities.js';
import { activitiesExtraResource } from './activities-extra.js';
import { segmentsResource } from './segments.js';
import { accountResource } from './account.js';
import { accountUpdatesResource } from './account-updates.js';
import { emailsResource } from './emails.js';
import { emailActivitiesResource } from './email-activities.js';
import { abTestsResource } from './abtests.js';
import { uiOnlyResource } from './ui-only.js';
import { reportsEmailResource } from './reports-email.js';
import { reportsContactResource } from './reports-contact.js';
import { reportsStatsResource } from './reports-stats.js';
import { tokenInfoResource } from './token-info.js';
import { resendsResource } from './resends.js';
import { automationsResource } from './automations.js';
import { eventsResource } from './events.js';

/** Every `/v3` resource the sandbox serves. */
export const resources: readonly SandboxResource[] = [
  // before the item routes: `/contacts/:contact_id` would take `counts` for an id
  contactsExtrasResource,
  contactsResource,
  contactListsResource,
  customFieldsResource,
  tagsResource,
  activitiesResource,
  activitiesExtraResource,
  segmentsResource,
  accountResource,
  accountUpdatesResource,
  emailsResource,
  emailActivitiesResource,
  resendsResource,
  abTestsResource,
  uiOnlyResource,
  reportsEmailResource,
  reportsContactResource,
  reportsStatsResource,
  tokenInfoResource,
  automationsResource,
  eventsResource,
];
