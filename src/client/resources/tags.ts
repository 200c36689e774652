import type { ApiCore } from '../types.js';
import type { ActivityGeneric, Tag, TagGetQuery, TagPost, TagPut, Tags, TagsQuery } from '../types/tags.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/** `/contact_tags`. */
export function tagsResource(api: ApiCore) {
  return {
    list: (query?: TagsQuery, options?: CallOptions) => api.get<Tags>('/contact_tags', callOptions(options, query)),
    listAll: (query?: Omit<TagsQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<Tag>('/contact_tags', allOptions('tags', PAGE_SIZES.tags, query, options)),
    get: (tagId: string, query?: TagGetQuery, options?: CallOptions) =>
      api.get<Tag>(`/contact_tags/${segment(tagId, 'tagId')}`, callOptions(options, query)),
    create: (body: TagPost, options?: CallOptions) => api.post<Tag>('/contact_tags', body, callOptions(options)),
    update: (tagId: string, body: TagPut, options?: CallOptions) =>
      api.put<Tag>(`/contact_tags/${segment(tagId, 'tagId')}`, body, callOptions(options)),
    /** 202: an activity removes the tag from its contacts. */
    delete: (tagId: string, options?: CallOptions) =>
      api.delete<ActivityGeneric>(`/contact_tags/${segment(tagId, 'tagId')}`, callOptions(options)),
  };
}

export type TagsResource = ReturnType<typeof tagsResource>;
