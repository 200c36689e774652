import type { SandboxResource } from '../context.js';

export const emailActivitiesResource: SandboxResource = {
  name: 'email-activities',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
