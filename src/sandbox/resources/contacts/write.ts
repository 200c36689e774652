import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import {
  emptyColumns,
  emailKey,
  findContact,
  findContactByEmail,
  insertContact,
  newContactId,
  NO_EMAIL_COLUMNS,
  reviveContact,
  setMemberships,
  unsubscribe,
  updateContact,
  type ContactColumns,
  type ContactRow,
  type Note,
  type PhoneNumber,
  type Source,
  type StreetAddress,
} from '../../store/contacts.js';
import type { AddressInput, ContactInput, EmailInput, NoteInput, PhoneInput } from './input.js';
import { invalid, notFoundProblem } from './problems.js';

/** Creating and updating contacts from validated input (POST/PUT `/contacts`). */

export function emailConflict(owner: ContactRow): ApiProblem {
  return new ApiProblem(
    409,
    'contacts.api.conflict',
    `Validation failed: Email already exists for contact ${owner.contact_id}`,
  );
}

export function phoneResources(
  ctx: SandboxContext,
  phones: readonly PhoneInput[],
  source: Source,
  now: string,
): PhoneNumber[] {
  return phones.map((p) => ({
    phone_number_id: ctx.newId(),
    phone_number: p.phone_number,
    ...(p.kind ? { kind: p.kind } : {}),
    created_at: now,
    updated_at: now,
    create_source: source,
    update_source: source,
  }));
}

export function addressResources(
  ctx: SandboxContext,
  addresses: readonly AddressInput[],
  now: string,
): StreetAddress[] {
  return addresses.map((a) => ({ street_address_id: ctx.newId(), ...a, created_at: now, updated_at: now }));
}

function noteResources(ctx: SandboxContext, notes: readonly NoteInput[], now: string): Note[] {
  return notes.map((n) => ({ note_id: n.note_id ?? ctx.newId(), created_at: n.created_at ?? now, content: n.content }));
}

/** The core columns (names, birthday, anniversary) as PUT sees them: omitted ones become null. */
function coreColumns(
  input: ContactInput,
): Pick<
  ContactColumns,
  'first_name' | 'last_name' | 'job_title' | 'company_name' | 'birthday_month' | 'birthday_day' | 'anniversary'
> {
  return {
    first_name: input.first_name ?? null,
    last_name: input.last_name ?? null,
    job_title: input.job_title ?? null,
    company_name: input.company_name ?? null,
    birthday_month: input.birthday?.month ?? null,
    birthday_day: input.birthday?.day ?? null,
    anniversary: input.anniversary ?? null,
  };
}

function subresourceColumns(
  ctx: SandboxContext,
  input: ContactInput,
  source: Source,
  now: string,
): Partial<ContactColumns> {
  const out: Partial<ContactColumns> = {};
  if (input.custom_fields) out.custom_fields = JSON.stringify(input.custom_fields);
  if (input.phone_numbers) out.phone_numbers = JSON.stringify(phoneResources(ctx, input.phone_numbers, source, now));
  if (input.street_addresses) out.street_addresses = JSON.stringify(addressResources(ctx, input.street_addresses, now));
  if (input.taggings) out.taggings = JSON.stringify(input.taggings);
  if (input.notes) out.notes = JSON.stringify(noteResources(ctx, input.notes, now));
  return out;
}

/** Email columns of a brand-new address. Without a stated permission the API records `implicit`. */
export function newEmailColumns(
  email: EmailInput,
  source: Source,
  now: string,
  fallback: EmailInput['permission_to_send'] = 'implicit',
): Partial<ContactColumns> {
  const permission = email.permission_to_send ?? fallback ?? 'implicit';
  const optedIn = permission === 'explicit' || permission === 'implicit';
  return {
    email_address: email.address,
    permission_to_send: permission,
    email_created_at: now,
    email_updated_at: now,
    opt_in_source: source,
    opt_in_date: optedIn ? now : null,
    opt_out_source: permission === 'unsubscribed' ? source : null,
    opt_out_date: permission === 'unsubscribed' ? now : null,
    opt_out_reason: permission === 'unsubscribed' ? (email.opt_out_reason ?? null) : null,
    confirm_status: permission === 'pending_confirmation' ? 'pending' : 'off',
  };
}

/** POST /contacts: 409 when the address belongs to any contact, deleted ones included (facts §4.6). */
export function createContactFromInput(ctx: SandboxContext, input: ContactInput & { source: Source }): ContactRow {
  const now = ctx.clock.nowIso();
  if (input.email_address) {
    const owner = findContactByEmail(ctx.db, input.email_address.address);
    if (owner) throw emailConflict(owner);
  }
  const columns: ContactColumns = {
    ...emptyColumns(input.source),
    ...coreColumns(input),
    ...(input.email_address ? newEmailColumns(input.email_address, input.source, now) : {}),
    ...subresourceColumns(ctx, input, input.source, now),
  };
  const contactId = newContactId();
  insertContact(ctx.db, contactId, columns, now);
  if (input.list_memberships?.length) setMemberships(ctx.db, contactId, input.list_memberships, now);
  return findContact(ctx.db, contactId) as ContactRow;
}

/**
 * PUT /contacts/{id}: core fields replaced (omitted ones nulled), omitted subresources kept, given ones
 * replaced. A deleted contact is revived, which needs `update_source: Account` (SW PUT description).
 */
export function updateContactFromInput(
  ctx: SandboxContext,
  contactId: string,
  input: ContactInput & { source: Source },
): ContactRow {
  const now = ctx.clock.nowIso();
  const row = findContact(ctx.db, contactId);
  if (!row) throw notFoundProblem('contact_id', contactId);
  if (row.deleted_at !== null && input.source !== 'Account') {
    throw invalid('This contact is deleted; to restore it, update it with update_source Account.');
  }
  const email = input.email_address;
  if (email && emailKey(email.address) !== row.email_key) {
    const owner = findContactByEmail(ctx.db, email.address);
    if (owner && owner.contact_id !== contactId) throw emailConflict(owner);
  }
  const { patch, unsubscribeReason } = emailUpdate(row, email, input.source, now);
  updateContact(
    ctx.db,
    contactId,
    {
      ...coreColumns(input),
      ...patch,
      update_source: input.source,
      ...subresourceColumns(ctx, input, input.source, now),
    },
    now,
  );
  if (row.deleted_at !== null) reviveContact(ctx.db, contactId, now);
  if (input.list_memberships) setMemberships(ctx.db, contactId, input.list_memberships, now);
  if (unsubscribeReason !== undefined) unsubscribe(ctx.db, contactId, now, input.source, unsubscribeReason);
  return findContact(ctx.db, contactId) as ContactRow;
}

/**
 * How a PUT changes the email columns. Omitting `email_address` removes the address (PUT nulls
 * omitted core properties). A permission change to `unsubscribed` is applied as an opt-out (it also
 * leaves every list); a change away from it clears the opt-out.
 */
function emailUpdate(
  row: ContactRow,
  email: EmailInput | undefined,
  source: Source,
  now: string,
): { patch: Partial<ContactColumns>; unsubscribeReason?: string | null } {
  if (!email) return { patch: NO_EMAIL_COLUMNS };
  if (row.email_address === null) return { patch: newEmailColumns(email, source, now) };
  const patch: Partial<ContactColumns> = {};
  if (email.address !== row.email_address) {
    patch.email_address = email.address;
    patch.email_updated_at = now;
  }
  const wanted = email.permission_to_send;
  if (wanted === undefined || wanted === row.permission_to_send) return { patch };
  if (wanted === 'unsubscribed') return { patch, unsubscribeReason: email.opt_out_reason ?? null };
  patch.permission_to_send = wanted;
  patch.email_updated_at = now;
  patch.opt_out_source = null;
  patch.opt_out_date = null;
  patch.opt_out_reason = null;
  patch.confirm_status = wanted === 'pending_confirmation' ? 'pending' : 'off';
  if (wanted === 'explicit' || wanted === 'implicit') patch.opt_in_date = now;
  return { patch };
}
