import { ClientCore, RETRY_DEFAULTS } from './core.js';
import {
  accountResource,
  activitiesResource,
  contactsResource,
  customFieldsResource,
  emailsResource,
  listsResource,
  reportsResource,
  tagsResource,
} from './resources/index.js';
import type {
  AccountResource,
  ActivitiesResource,
  ContactsResource,
  CustomFieldsResource,
  EmailsResource,
  ListsResource,
  ReportsResource,
  TagsResource,
} from './resources/index.js';
import { createRequestBudget } from './throttle.js';
import { resolveTokenProvider } from './token.js';
import type { ApiCore, ClientOptions, RequestBudget } from './types.js';
import { DEFAULT_API_BASE, normalizeBaseUrl } from './url.js';
import { defaultUserAgent } from './version.js';

export const BASE_URL_ENV = 'CTCT_API_BASE';
const DEFAULT_TIMEOUT_MS = 60_000;

/** The v3 client: generic calls (`request`, `get`, `paginate`...) plus one typed group per resource. */
export interface CtctClient extends ApiCore {
  readonly contacts: ContactsResource;
  readonly lists: ListsResource;
  readonly customFields: CustomFieldsResource;
  readonly tags: TagsResource;
  readonly activities: ActivitiesResource;
  readonly emails: EmailsResource;
  readonly reports: ReportsResource;
  readonly account: AccountResource;
}

let processBudget: RequestBudget | undefined;

/**
 * The budget clients share when none is given: the API's limits are per application, so every client
 * of this process draws from one window and one daily counter.
 */
export function defaultBudget(): RequestBudget {
  processBudget ??= createRequestBudget();
  return processBudget;
}

export function createClient(options: ClientOptions = {}): CtctClient {
  const rawBase = options.baseUrl ?? nonEmpty(process.env[BASE_URL_ENV]) ?? DEFAULT_API_BASE;
  const core = new ClientCore({
    baseUrl: normalizeBaseUrl(rawBase, options.allowInsecureHttp),
    tokens: resolveTokenProvider(options.token),
    fetch: options.fetch ?? globalThis.fetch,
    userAgent: options.userAgent ?? defaultUserAgent(),
    budget: options.budget === false ? undefined : (options.budget ?? defaultBudget()),
    retry: { ...RETRY_DEFAULTS, ...definedOnly(options.retry) },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    onThrottled: options.onThrottled,
  });
  const resources = {
    contacts: contactsResource(core),
    lists: listsResource(core),
    customFields: customFieldsResource(core),
    tags: tagsResource(core),
    activities: activitiesResource(core),
    emails: emailsResource(core),
    reports: reportsResource(core),
    account: accountResource(core),
  };
  return Object.assign(core, resources);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
