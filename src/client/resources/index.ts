export { contactsResource, type ContactsResource, type SignUpFormResult } from './contacts.js';
export { listsResource, type ListsResource } from './lists.js';
export { customFieldsResource, type CustomFieldsResource } from './custom-fields.js';
export { tagsResource, type TagsResource } from './tags.js';
export { activitiesResource, csvForm, type ActivitiesResource } from './activities.js';
export { emailsResource, type EmailsResource } from './emails.js';
export { reportsResource, type ReportsResource } from './reports.js';
export { accountResource, type AccountResource } from './account.js';
export { PAGE_SIZES, type AllOptions, type CallOptions } from './shared.js';
