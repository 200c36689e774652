import type { SandboxResource } from '../context.js';

export const tagsResource: SandboxResource = {
  name: 'tags',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
