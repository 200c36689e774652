import type { SandboxResource } from '../context.js';

export const reportsContactResource: SandboxResource = {
  name: 'reports-contact',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
