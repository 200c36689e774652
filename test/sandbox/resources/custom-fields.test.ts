import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { allPages, createContact, createCustomField } from './contacts-fixtures.js';

describe('/contact_custom_fields', () => {
  const t = useSandbox();

  it('creates a field: 201, name derived from the label', async () => {
    const res = await t.api('POST', '/contact_custom_fields', { label: 'Shoe size', type: 'string' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      custom_field_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      label: 'Shoe size',
      name: 'Shoe_size',
      type: 'string',
      created_at: t.sandbox.clock.nowIso(),
      updated_at: t.sandbox.clock.nowIso(),
    });
    expect((await t.api('GET', `/contact_custom_fields/${res.body.custom_field_id}`)).body).toEqual(res.body);
  });

  it('creates select fields with numbered choices', async () => {
    const res = await t.api('POST', '/contact_custom_fields', {
      label: 'Plan',
      type: 'single_select',
      choices: [{ choice_label: 'Gold' }, { choice_label: 'Silver', display_order: 5 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.choices).toEqual([
      expect.objectContaining({ choice_id: 1, choice_label: 'Gold', display_order: 1 }),
      expect.objectContaining({ choice_id: 2, choice_label: 'Silver', display_order: 5 }),
    ]);
  });

  it.each([
    ['no label', { type: 'string' }, /label is required/],
    ['a label of 51 characters', { label: 'l'.repeat(51), type: 'string' }, /maximum length of 50/],
    ['no type', { label: 'Untyped' }, /type is required/],
    ['an unknown type', { label: 'Weird', type: 'blob' }, /type must be one of/],
    ['a select without choices', { label: 'Pick', type: 'multi_select' }, /choices is required/],
  ])('rejects %s with 400', async (_name, body, message) => {
    const res = await t.api('POST', '/contact_custom_fields', body);
    expect(res.status).toBe(400);
    expect(res.body[0].error_message).toMatch(message);
  });

  it('answers 409 for a label whose name exists (case-insensitive)', async () => {
    await createCustomField(t, 'Pet name');
    const res = await t.api('POST', '/contact_custom_fields', { label: 'pet  NAME', type: 'string' });
    expect(res.status).toBe(409);
  });

  it('renames with PUT; a clash is a 400 since PUT declares no 409', async () => {
    const id = await createCustomField(t, 'Old label');
    await createCustomField(t, 'Other label');
    const res = await t.api('PUT', `/contact_custom_fields/${id}`, { label: 'New label' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ label: 'New label', name: 'New_label', type: 'string' });
    expect((await t.api('PUT', `/contact_custom_fields/${id}`, { label: 'Other label' })).status).toBe(400);
    expect((await t.api('PUT', `/contact_custom_fields/${id}`, {})).status).toBe(400);
  });

  it('deletes: 204, and contacts lose the value', async () => {
    const keep = await createCustomField(t, 'Keep me');
    const drop = await createCustomField(t, 'Drop me');
    const contact = await createContact(t, {
      custom_fields: [
        { custom_field_id: keep, value: 'a' },
        { custom_field_id: drop, value: 'b' },
      ],
    });
    expect((await t.api('DELETE', `/contact_custom_fields/${drop}`)).status).toBe(204);
    expect((await t.api('GET', `/contact_custom_fields/${drop}`)).status).toBe(404);
    expect((await t.api('DELETE', `/contact_custom_fields/${drop}`)).status).toBe(404);
    const after = await t.api('GET', `/contacts/${contact.contact_id}?include=custom_fields`);
    expect(after.body.custom_fields).toEqual([{ custom_field_id: keep, value: 'a' }]);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    expect((await t.api('GET', '/contact_custom_fields/00000000-0000-4000-8000-0000000000ff')).status).toBe(404);
    expect((await t.api('GET', '/contact_custom_fields/xyz')).status).toBe(404);
  });
});

describe('/contact_custom_fields limits', () => {
  const t = useSandbox();

  it('holds at most 100 fields and pages up to 100 at a time', async () => {
    for (let i = 0; i < 100; i++) await createCustomField(t, `Field ${i}`);
    const over = await t.api('POST', '/contact_custom_fields', { label: 'Field 100', type: 'string' });
    expect(over.status).toBe(400);
    const pages = await allPages(t, '/contact_custom_fields?limit=30');
    expect(pages.map((p) => p.custom_fields.length)).toEqual([30, 30, 30, 10]);
    expect((await t.api('GET', '/contact_custom_fields')).body.custom_fields).toHaveLength(50);
    expect((await t.api('GET', '/contact_custom_fields?limit=100')).body._links).toBeUndefined();
    expect((await t.api('GET', '/contact_custom_fields?limit=101')).status).toBe(400);
  });
});
