import type { ApiCore } from '../types.js';
import type {
  ContactCreateOrUpdateInput,
  ContactCreateOrUpdateResponse,
  ContactGetQuery,
  ContactListQuery,
  ContactPostRequest,
  ContactPutRequest,
  ContactResource,
  Contacts,
} from '../types/contacts.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

export interface SignUpFormResult extends ContactCreateOrUpdateResponse {
  /** true when the API answered 201 (a new contact), false for 200 (an existing one was updated). */
  created: boolean;
}

/** `/contacts` (facts §4). */
export function contactsResource(api: ApiCore) {
  return {
    /** One page of contacts (deleted ones only with `status=deleted` or `all`). */
    list: (query?: ContactListQuery, options?: CallOptions) =>
      api.get<Contacts>('/contacts', callOptions(options, query)),
    /** Every matching contact, 500 a request. */
    listAll: (query?: Omit<ContactListQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<ContactResource>('/contacts', allOptions('contacts', PAGE_SIZES.contacts, query, options)),
    get: (contactId: string, query?: ContactGetQuery, options?: CallOptions) =>
      api.get<ContactResource>(`/contacts/${segment(contactId, 'contactId')}`, callOptions(options, query)),
    /** 201; 409 when the email exists, deleted contacts included. */
    create: (body: ContactPostRequest, options?: CallOptions) =>
      api.post<ContactResource>('/contacts', body, callOptions(options)),
    /** A full replacement of the core fields: GET, merge, then PUT. */
    update: (contactId: string, body: ContactPutRequest, options?: CallOptions) =>
      api.put<ContactResource>(`/contacts/${segment(contactId, 'contactId')}`, body, callOptions(options)),
    /** A soft delete (204). */
    delete: (contactId: string, options?: CallOptions) =>
      api.delete<void>(`/contacts/${segment(contactId, 'contactId')}`, callOptions(options)),
    /** Create or update by email (partial update; lists and custom fields are appended). */
    signUpForm: async (body: ContactCreateOrUpdateInput, options?: CallOptions): Promise<SignUpFormResult> => {
      const res = await api.request<ContactCreateOrUpdateResponse>('POST', '/contacts/sign_up_form', {
        ...callOptions(options),
        body,
      });
      return { ...res.data, created: res.status === 201 };
    },
  };
}

export type ContactsResource = ReturnType<typeof contactsResource>;
