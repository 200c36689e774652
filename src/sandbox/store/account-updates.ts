import type { SandboxContext } from '../context.js';
import { ensureAccount } from './account.js';

/** Partial updates of the account owner's profile (PUT /account/summary). */

export type ProfilePatch = Partial<
  Record<
    | 'first_name'
    | 'last_name'
    | 'contact_email'
    | 'contact_phone'
    | 'organization_name'
    | 'organization_phone'
    | 'country_code'
    | 'state_code'
    | 'time_zone_id'
    | 'website',
    string
  >
>;

export function updateProfile(ctx: SandboxContext, patch: ProfilePatch): void {
  ensureAccount(ctx);
  const keys = Object.keys(patch) as (keyof ProfilePatch)[];
  if (keys.length === 0) return;
  // The keys come from the fixed ProfilePatch names above, never from the request.
  ctx.db
    .prepare(`UPDATE account_profile SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = 1`)
    .run(...keys.map((k) => patch[k]));
}
