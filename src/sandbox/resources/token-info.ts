import type { SandboxResource } from '../context.js';

export const tokenInfoResource: SandboxResource = {
  name: 'token-info',
  schema: [],
  register() {
    // routes arrive with this resource's implementation
  },
};
