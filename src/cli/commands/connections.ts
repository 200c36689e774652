import type { Command } from 'commander';
import { usageError, visibleLines, wantsJson } from '../output.js';

/** `ctct connections list|show|remove|test|default`: the stored connections. */
export function defineConnectionsCommand(program: Command): void {
  const group = program.command('connections').description('list, inspect, test and remove stored connections');
  const io = async (cmd: Command) => {
    const commands = await import('../../connection/commands.js');
    const json = wantsJson(cmd);
    return {
      commands,
      io: {
        out: (t: string) => process.stdout.write(`${json ? t : visibleLines(t)}\n`),
        err: (t: string) => process.stderr.write(`${visibleLines(t)}\n`),
        json,
      },
    };
  };
  group
    .command('list', { isDefault: true })
    .description('every connection: name, account, scopes, token expiry, default (*)')
    .option('--json', 'a JSON array')
    // list is the default, so `ctct connections bogus` lands here: refuse it as the unknown command it is
    .allowExcessArguments()
    .action(async (_opts: unknown, cmd: Command) => {
      if (cmd.args.length > 0)
        throw usageError({
          code: 'commander.unknownCommand',
          message:
            `unknown command 'connections ${cmd.args[0]}' (the connections commands are list, ` +
            `show, test, default and remove)`,
        });
      const { commands, io: out } = await io(cmd);
      await commands.runList(out);
    });
  group
    .command('show [name]')
    .description('one connection in detail, tokens masked (default: the default connection)')
    .option('--json', 'a JSON object')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const { commands, io: out } = await io(cmd);
      await commands.runShow(name, out);
    });
  group
    .command('remove <name>')
    .description('forget a connection (its file and tokens)')
    .option('--json', 'a JSON object')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const { commands, io: out } = await io(cmd);
      await commands.runRemove(name, out);
    });
  group
    .command('test [name]')
    .description('call the account summary with the connection, renewing its token if needed')
    .option('--json', 'a JSON report')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const { commands, io: out } = await io(cmd);
      await commands.runTest(name, out);
    });
  group
    .command('default <name>')
    .description('make a connection the default one')
    .option('--json', 'a JSON object')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const { commands, io: out } = await io(cmd);
      await commands.runSetDefault(name, out);
    });
}
