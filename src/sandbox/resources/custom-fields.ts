import type { SandboxResource } from '../context.js';

export const customFieldsResource: SandboxResource = {
  name: 'custom-fields',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
