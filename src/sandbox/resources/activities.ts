import type { SandboxResource } from '../context.js';

export const activitiesResource: SandboxResource = {
  name: 'activities',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
