import type { SandboxResource } from '../context.js';

export const contactsResource: SandboxResource = {
  name: 'contacts',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
