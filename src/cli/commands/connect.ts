import type { Command } from 'commander';
import { visibleLines, wantsJson } from '../output.js';

/** `ctct connect`: connect a Constant Contact account in the browser and store it, encrypted. */
export function defineConnectCommand(program: Command): void {
  program
    .command('connect')
    .description(
      'connect a Constant Contact account: ' +
        'approve access in the browser (OAuth2 + PKCE), the connection is stored encrypted',
    )
    .option('--name <name>', 'name of the connection (reusing a name reconnects it)', 'default')
    .option('--client-id <id>', "your application's API key (client id); required for the real service")
    .option(
      '--scopes <scopes>',
      'space- or comma-separated scopes',
      'contact_data campaign_data offline_access account_read',
    )
    .option('--port <port>', 'loopback port of the redirect http://127.0.0.1:<port>/ (default: any free port)')
    .option('--no-browser', 'print the URL to open instead of opening a browser')
    .option('--device', 'device flow: approve on another device with a short code')
    .option('--oauth-base <url>', 'authorization server (default https://authz.constantcontact.com/oauth2/default/v1)')
    .option('--api-base <url>', 'v3 API base (default https://api.cc.email/v3)')
    .option(
      '--allow-insecure-http',
      'accept plain-http bases on another host than this machine (tokens in clear text; later commands need CTCT_ALLOW_INSECURE_HTTP=1)',
    )
    .option('--timeout <seconds>', 'how long to wait for the approval (default 300)')
    .option('--json', 'print the saved connection as JSON (tokens are never printed)')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const { runConnect } = await import('../../connection/commands.js');
      const json = wantsJson(cmd);
      await runConnect(opts, {
        out: (t) => process.stdout.write(`${json ? t : visibleLines(t)}\n`),
        err: (t) => process.stderr.write(`${visibleLines(t)}\n`),
        json,
      });
    });
}
