import type { SandboxResource } from '../context.js';

export const contactListsResource: SandboxResource = {
  name: 'contact-lists',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
