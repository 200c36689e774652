import { Hono } from 'hono';
import { providerForConnection } from '../../connection/provider.js';
import { testConnection } from '../../connection/test-connection.js';
import { AppRequestError } from '../errors.js';
import { EMBEDDED, ENVIRONMENT, type Workspace } from '../workspace.js';

/** The Connections page: list, test, use in this app, make default, remove. Never a token. */
export function connectionRoutes(workspace: Workspace): Hono {
  const api = new Hono();
  api.get('/', async (c) => c.json(await workspace.connections()));

  api.post('/:name/test', async (c) => {
    const name = c.req.param('name');
    if (name === EMBEDDED || name === ENVIRONMENT) {
      const view = await workspace.describe(name);
      const started = Date.now();
      const client = await workspace.client(name);
      const summary = await client.account.summary();
      return c.json({
        name,
        ok: true,
        account: { encoded_account_id: summary.encoded_account_id, organization_name: summary.organization_name },
        scopes: view.scopes,
        refreshed: false,
        elapsed_ms: Date.now() - started,
      });
    }
    const provider = await providerForConnection(workspace.store, name);
    return c.json(await testConnection(workspace.store, provider));
  });

  api.post('/:name/use', async (c) => {
    await workspace.use(c.req.param('name'));
    return c.json({ active: workspace.active, banner: await workspace.banner() });
  });

  api.post('/:name/default', async (c) => {
    const name = c.req.param('name');
    if (name.startsWith('@'))
      throw new AppRequestError(
        `${name} is not a stored connection`,
        400,
        'Only connections saved by `ctct connect` can be the default.',
      );
    await workspace.store.setDefault(name);
    return c.json({ default: name });
  });

  api.delete('/:name', async (c) => {
    const name = c.req.param('name');
    if (name.startsWith('@'))
      throw new AppRequestError(`${name} is not a stored connection`, 400, 'The embedded sandbox stops with the app.');
    await workspace.store.remove(name);
    workspace.forget(name);
    return c.json({ removed: name, default: (await workspace.store.defaultName()) ?? null, active: workspace.active });
  });
  return api;
}
