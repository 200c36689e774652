import type { SandboxResource } from '../context.js';

export const reportsEmailResource: SandboxResource = {
  name: 'reports-email',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
