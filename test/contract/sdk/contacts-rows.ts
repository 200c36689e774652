import { expect } from 'vitest';
import { criteria, outcome, type SweepRow } from './harness.js';

/** The account, lists, custom fields, tags, contacts, bulk activities and segments, through the SDK. */

const address = {
  address_line1: '100 Sandbox Way',
  city: 'Springfield',
  state_code: 'MA',
  postal_code: '01101',
  country_code: 'US',
};

export const contactRows: SweepRow[] = [
  {
    op: 'AccountServicesApi.getAccountDetails',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.getAccountDetails('physical_address' as never)),
    check: (d) => expect(d.physical_address).toMatchObject({ country_code: 'US' }),
  },
  {
    op: 'AccountServicesApi.getAccountPhysicalAddress',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.getAccountPhysicalAddress()),
  },
  {
    op: 'AccountServicesApi.getAllAccountEmailAddresses',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.getAllAccountEmailAddresses()),
    check: (d) => expect(d.some((e: any) => e.confirm_status === 'CONFIRMED')).toBe(true),
  },
  { op: 'AccountServicesApi.getUserPrivileges', run: ({ sdk }) => outcome(sdk.AccountServicesApi.getUserPrivileges()) },
  {
    op: 'AccountServicesApi.addAccountEmailAddress',
    run: ({ sdk }) =>
      outcome(sdk.AccountServicesApi.addAccountEmailAddress({ email_address: 'sdk.sender@example.com' })),
    status: 201,
    check: (d) => expect(d.confirm_status).toBe('UNCONFIRMED'),
  },
  {
    op: 'AccountServicesApi.updateAccount',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.updateAccount({ organization_phone: '555-0100' })),
    check: (d) => expect(d.organization_phone).toBe('555-0100'),
  },
  {
    op: 'AccountServicesApi.updateAccountPhysicalAddress',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.updateAccountPhysicalAddress(address)),
    check: (d) => expect(d).toEqual(address),
  },
  // The account has an address already: adding one is the documented 409.
  {
    op: 'AccountServicesApi.addPhysicalAddress',
    run: ({ sdk }) => outcome(sdk.AccountServicesApi.addPhysicalAddress(address)),
    status: 409,
  },

  {
    op: 'ContactListsApi.createList',
    run: ({ sdk }) =>
      outcome(sdk.ContactListsApi.createList({ name: 'SDK list', favorite: false, description: 'from the SDK' })),
    status: 201,
    check: (d, { s }) => void (s.list = d.list_id),
  },
  {
    op: 'ContactListsApi.getAllLists',
    run: ({ sdk }) => outcome(sdk.ContactListsApi.getAllLists(500, true, 'all' as never)),
    check: (d) => expect(d.lists_count).toBe(d.lists.length),
  },
  {
    op: 'ContactListsApi.getList',
    run: ({ sdk, s }) => outcome(sdk.ContactListsApi.getList(s.list, 'active' as never)),
  },
  {
    op: 'ContactListsApi.updateList',
    run: ({ sdk, s }) => outcome(sdk.ContactListsApi.updateList(s.list, { name: 'SDK list renamed', favorite: true })),
    check: (d) => expect(d).toMatchObject({ name: 'SDK list renamed', favorite: true }),
  },
  {
    op: 'ContactListsApi.getListIdXrefs',
    run: ({ sdk }) => outcome(sdk.ContactListsApi.getListIdXrefs('1,2')),
    check: (d) => expect(d.xrefs.map((x: any) => x.sequence_id)).toEqual(['1', '2']),
  },
  {
    op: 'ContactsCustomFieldsApi.createCustomFields',
    run: ({ sdk }) =>
      outcome(sdk.ContactsCustomFieldsApi.createCustomFields({ label: 'SDK field', type: 'string' } as never)),
    status: 201,
    check: (d, { s }) => void (s.field = d.custom_field_id),
  },
  {
    op: 'ContactsCustomFieldsApi.getAllCustomFields',
    run: ({ sdk }) => outcome(sdk.ContactsCustomFieldsApi.getAllCustomFields(100)),
  },
  {
    op: 'ContactsCustomFieldsApi.getCustomField',
    run: ({ sdk, s }) => outcome(sdk.ContactsCustomFieldsApi.getCustomField(s.field)),
  },
  {
    op: 'ContactsCustomFieldsApi.updateCustomField',
    run: ({ sdk, s }) =>
      outcome(
        sdk.ContactsCustomFieldsApi.updateCustomField(s.field, { label: 'SDK field two', type: 'string' } as never),
      ),
    check: (d) => expect(d.name).toBe('SDK_field_two'),
  },
  {
    op: 'ContactTagsApi.postTag',
    run: ({ sdk }) => outcome(sdk.ContactTagsApi.postTag({ name: 'SDK tag' })),
    status: 201,
    check: (d, { s }) => void (s.tag = d.tag_id),
  },
  { op: 'ContactTagsApi.getAllTags', run: ({ sdk }) => outcome(sdk.ContactTagsApi.getAllTags(500, true)) },
  { op: 'ContactTagsApi.getTag', run: ({ sdk, s }) => outcome(sdk.ContactTagsApi.getTag(s.tag, true)) },
  {
    op: 'ContactTagsApi.putTag',
    run: ({ sdk, s }) => outcome(sdk.ContactTagsApi.putTag(s.tag, { name: 'SDK tag two' })),
  },

  {
    op: 'ContactsApi.createContact',
    run: ({ sdk, s }) =>
      outcome(
        sdk.ContactsApi.createContact({
          email_address: { address: 'sdk.one@example.com', permission_to_send: 'explicit' },
          first_name: 'Sdk',
          create_source: 'Account',
          list_memberships: [s.list],
          taggings: [s.tag],
          custom_fields: [{ custom_field_id: s.field, value: 'blue' }],
        } as never),
      ),
    status: 201,
    check: (d, { s }) => void (s.contact = d.contact_id),
  },
  {
    op: 'ContactsApi.getContactById',
    run: ({ sdk, s }) => outcome(sdk.ContactsApi.getContactById(s.contact, 'list_memberships' as never)),
    check: (d, { s }) => expect(d.list_memberships).toEqual([s.list]),
  },
  {
    op: 'ContactsApi.getAllContacts',
    run: ({ sdk }) => outcome(sdk.ContactsApi.getAllContacts(undefined, 'sdk.one@example.com')),
    check: (d, { s }) => expect(d.contacts.map((c: any) => c.contact_id)).toEqual([s.contact]),
  },
  {
    op: 'ContactsApi.updateContact',
    run: ({ sdk, s }) =>
      outcome(
        sdk.ContactsApi.updateContact(s.contact, {
          email_address: { address: 'sdk.one@example.com' },
          first_name: 'Sdkupdated',
          update_source: 'Account',
          list_memberships: [s.list],
        } as never),
      ),
    check: (d) => expect(d.first_name).toBe('Sdkupdated'),
  },
  {
    op: 'ContactsApi.createOrUpdateContact',
    run: ({ sdk, s }) =>
      outcome(
        sdk.ContactsApi.createOrUpdateContact({
          email_address: 'sdk.two@example.com',
          first_name: 'Two',
          list_memberships: [s.list],
        }),
      ),
    status: 201,
    check: (d, { s }) => void (s.contact2 = d.contact_id),
  },
  {
    op: 'ContactsApi.getContactCounts',
    run: ({ sdk }) => outcome(sdk.ContactsApi.getContactCounts('new_subscriber' as never)),
    check: (d) => expect(d.total).toBeGreaterThanOrEqual(d.explicit + d.implicit + d.pending + d.unsubscribed),
  },
  {
    op: 'ContactsApi.getContactIdXrefs',
    run: ({ sdk }) => outcome(sdk.ContactsApi.getContactIdXrefs('3,1,2')),
    check: (d) => expect(d.xrefs.map((x: any) => x.sequence_id)).toEqual(['1', '2', '3']),
  },
  {
    op: 'ContactsApi.getSmsEngagementHistory',
    run: ({ sdk, s }) => outcome(sdk.ContactsApi.getSmsEngagementHistory(s.contact)),
    check: (d) => expect(d).toEqual([]),
  },
  {
    op: 'ContactsApi.resubscribeContact',
    run: async ({ sdk, s }) => {
      const gone = await sdk.ContactsApi.createContact({
        email_address: { address: 'sdk.gone@example.com', permission_to_send: 'unsubscribed' },
        create_source: 'Contact',
      } as never);
      return outcome(sdk.ContactsApi.resubscribeContact(gone.data.contact_id as string, { list_ids: [s.list] }));
    },
  },

  {
    op: 'BulkActivitiesApi.createImportJSONActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createImportJSONActivity({
          import_data: [{ email: 'sdk.json@example.com', first_name: 'Json' }],
          list_ids: [s.list],
        } as never),
      ),
    status: 201,
    check: (d) => expect(d.state).toBe('initialized'),
  },
  {
    op: 'BulkActivitiesApi.createCSVImportActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createCSVImportActivity(
          new File(['email,first_name\nsdk.csv@example.com,Csv\n'], 'contacts.csv', { type: 'text/csv' }),
          s.list,
        ),
      ),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createListAddActivity',
    run: async ({ sdk, s }) => {
      s.list2 = (await sdk.ContactListsApi.createList({ name: 'SDK list two' })).data.list_id;
      return outcome(
        sdk.BulkActivitiesApi.createListAddActivity({
          source: { contact_ids: [s.contact] },
          list_ids: [s.list2],
        } as never),
      );
    },
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createListRemoveActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createListRemoveActivity({
          source: { contact_ids: [s.contact] },
          list_ids: [s.list2],
        } as never),
      ),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createTagAddContactActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createTagAddContactActivity({
          source: { list_ids: [s.list] },
          tag_ids: [s.tag],
        } as never),
      ),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createTagRemoveActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createTagRemoveActivity({
          source: { contact_ids: [s.contact2] },
          tag_ids: [s.tag],
        } as never),
      ),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createExportActivity',
    run: ({ sdk, s }) =>
      outcome(
        sdk.BulkActivitiesApi.createExportActivity({ list_ids: [s.list], fields: ['email_address', 'first_name'] }),
      ),
    status: 201,
    check: (d, { s }) => void (s.exportActivity = d.activity_id),
  },
  {
    op: 'BulkActivitiesApi.getActivityById',
    run: ({ sdk, s, drain }) => {
      drain();
      return outcome(sdk.BulkActivitiesApi.getActivityById(s.exportActivity));
    },
    check: (d, { s }) => {
      expect(d.state).toBe('completed');
      expect(d._links.results.href).toBe(`/v3/contact_exports/${s.exportActivity}`);
    },
  },
  {
    op: 'BulkActivitiesApi.getCSVExportFile',
    run: ({ sdk, s }) => outcome(sdk.BulkActivitiesApi.getCSVExportFile(s.exportActivity)),
    // Every list member after the activities above: the tag add reached them, the imports added two.
    check: (d: string) => {
      const emails = d
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort();
      expect(emails).toEqual([
        'sdk.csv@example.com',
        'sdk.json@example.com',
        'sdk.one@example.com',
        'sdk.two@example.com',
      ]);
    },
  },
  {
    op: 'BulkActivitiesApi.getAllActivities',
    run: ({ sdk }) => outcome(sdk.BulkActivitiesApi.getAllActivities(50)),
    check: (d) => expect(d.activities.every((a: any) => a.state === 'completed')).toBe(true),
  },
  {
    op: 'BulkActivitiesApi.createDeleteActivity',
    run: ({ sdk, s }) => outcome(sdk.BulkActivitiesApi.createDeleteActivity({ contact_ids: [s.contact2] })),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createListDeleteActivity',
    run: ({ sdk, s }) => outcome(sdk.BulkActivitiesApi.createListDeleteActivity({ list_ids: [s.list2] })),
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.createTagDeleteActivity',
    run: async ({ sdk }) => {
      const tag = (await sdk.ContactTagsApi.postTag({ name: 'SDK tag to delete' })).data.tag_id as string;
      return outcome(sdk.BulkActivitiesApi.createTagDeleteActivity({ tag_ids: [tag] }));
    },
    status: 201,
  },
  {
    op: 'BulkActivitiesApi.postCustomFieldDelete',
    run: async ({ sdk }) => {
      const field = (
        await sdk.ContactsCustomFieldsApi.createCustomFields({ label: 'SDK field to delete', type: 'string' } as never)
      ).data.custom_field_id as string;
      return outcome(sdk.BulkActivitiesApi.postCustomFieldDelete({ custom_field_ids: [field] }));
    },
    status: 201,
  },

  {
    op: 'SegmentsApi.createSegment',
    run: ({ sdk }) =>
      outcome(
        sdk.SegmentsApi.createSegment({
          name: 'SDK segment',
          segment_criteria: criteria({ source: 'contact', field: 'first_name', op: 'eq', const_value: 'Sdkupdated' }),
        }),
      ),
    status: 201,
    check: (d, { s }) => void (s.segment = d.segment_id),
  },
  {
    op: 'SegmentsApi.getAllSegments',
    run: ({ sdk }) => outcome(sdk.SegmentsApi.getAllSegments('100', 'name')),
    check: (d, { s }) => expect(d.segments.map((x: any) => x.segment_id)).toContain(s.segment),
  },
  {
    op: 'SegmentsApi.getSegmentById',
    run: async ({ sdk, s }) => {
      // The segment's contacts: 202 while it is evaluated, then its single member.
      expect(
        (await outcome(sdk.ContactsApi.getAllContacts(undefined, undefined, undefined, String(s.segment)))).status,
      ).toBe(202);
      const members = await sdk.ContactsApi.getAllContacts(undefined, undefined, undefined, String(s.segment));
      expect(members.data.contacts?.map((c) => c.contact_id)).toEqual([s.contact]);
      return outcome(sdk.SegmentsApi.getSegmentById(s.segment));
    },
  },
  {
    op: 'SegmentsApi.updateSegment',
    run: ({ sdk, s }) =>
      outcome(
        sdk.SegmentsApi.updateSegment(s.segment, {
          name: 'SDK segment',
          segment_criteria: criteria({ source: 'list_membership', op: 'eq', const_value: s.list }),
        }),
      ),
  },
  {
    op: 'SegmentsApi.updateSegmentName',
    run: ({ sdk, s }) => outcome(sdk.SegmentsApi.updateSegmentName(s.segment, { name: 'SDK segment renamed' })),
    check: (d) => expect(d.name).toBe('SDK segment renamed'),
  },
];

/** Deletes, last, so that the rows above could use what they remove. */
export const cleanupRows: SweepRow[] = [
  {
    op: 'SegmentsApi.deleteSegment',
    run: ({ sdk, s }) => outcome(sdk.SegmentsApi.deleteSegment(s.segment)),
    status: 204,
  },
  {
    op: 'ContactsApi.deleteContact',
    run: ({ sdk, s }) => outcome(sdk.ContactsApi.deleteContact(s.contact)),
    status: 204,
  },
  {
    op: 'ContactsCustomFieldsApi.deleteCustomField',
    run: ({ sdk, s }) => outcome(sdk.ContactsCustomFieldsApi.deleteCustomField(s.field)),
    status: 204,
  },
  { op: 'ContactTagsApi.deleteTag', run: ({ sdk, s }) => outcome(sdk.ContactTagsApi.deleteTag(s.tag)), status: 202 },
  {
    op: 'ContactListsApi.deleteList',
    run: ({ sdk, s }) => outcome(sdk.ContactListsApi.deleteList(s.list)),
    status: 202,
  },
];
