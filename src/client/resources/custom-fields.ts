import type { ApiCore } from '../types.js';
import type {
  CustomField,
  CustomFieldPutRequest,
  CustomFieldRequest,
  CustomFields,
  CustomFieldsQuery,
} from '../types/custom-fields.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/** `/contact_custom_fields`. */
export function customFieldsResource(api: ApiCore) {
  return {
    list: (query?: CustomFieldsQuery, options?: CallOptions) =>
      api.get<CustomFields>('/contact_custom_fields', callOptions(options, query)),
    listAll: (options?: AllOptions) =>
      api.paginate<CustomField>(
        '/contact_custom_fields',
        allOptions('custom_fields', PAGE_SIZES.customFields, undefined, options),
      ),
    get: (customFieldId: string, options?: CallOptions) =>
      api.get<CustomField>(`/contact_custom_fields/${segment(customFieldId, 'customFieldId')}`, callOptions(options)),
    create: (body: CustomFieldRequest, options?: CallOptions) =>
      api.post<CustomField>('/contact_custom_fields', body, callOptions(options)),
    update: (customFieldId: string, body: CustomFieldPutRequest, options?: CallOptions) =>
      api.put<CustomField>(
        `/contact_custom_fields/${segment(customFieldId, 'customFieldId')}`,
        body,
        callOptions(options),
      ),
    delete: (customFieldId: string, options?: CallOptions) =>
      api.delete<void>(`/contact_custom_fields/${segment(customFieldId, 'customFieldId')}`, callOptions(options)),
  };
}

export type CustomFieldsResource = ReturnType<typeof customFieldsResource>;
