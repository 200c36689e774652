import type { SandboxResource } from '../context.js';

export const emailsResource: SandboxResource = {
  name: 'emails',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
