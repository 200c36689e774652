import type { SandboxResource } from '../context.js';

export const accountResource: SandboxResource = {
  name: 'account',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
