import type { ApiCore } from '../types.js';
import type {
  ActivityDeleteListResponse,
  ContactList,
  ContactListArray,
  ContactListGetQuery,
  ContactListPutPost,
  ContactListsQuery,
  ListInput,
} from '../types/lists.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/** `/contact_lists` (facts §1.2). */
export function listsResource(api: ApiCore) {
  return {
    list: (query?: ContactListsQuery, options?: CallOptions) =>
      api.get<ContactListArray>('/contact_lists', callOptions(options, query)),
    listAll: (query?: Omit<ContactListsQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<ContactList>('/contact_lists', allOptions('lists', PAGE_SIZES.lists, query, options)),
    get: (listId: string, query?: ContactListGetQuery, options?: CallOptions) =>
      api.get<ContactList>(`/contact_lists/${segment(listId, 'listId')}`, callOptions(options, query)),
    /** 201; 409 when the name is taken. */
    create: (body: ListInput, options?: CallOptions) =>
      api.post<ContactListPutPost>('/contact_lists', body, callOptions(options)),
    update: (listId: string, body: ListInput, options?: CallOptions) =>
      api.put<ContactListPutPost>(`/contact_lists/${segment(listId, 'listId')}`, body, callOptions(options)),
    /** 202: the list is deleted by an activity; poll it with `activities.get`. */
    delete: (listId: string, options?: CallOptions) =>
      api.delete<ActivityDeleteListResponse>(`/contact_lists/${segment(listId, 'listId')}`, callOptions(options)),
  };
}

export type ListsResource = ReturnType<typeof listsResource>;
