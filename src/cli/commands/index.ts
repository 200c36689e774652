import type { Command } from 'commander';
import { defineModuleCommands } from './modules.js';
import { defineSandboxCommand } from './sandbox.js';
import { defineConnectCommand } from './connect.js';
import { defineConnectionsCommand } from './connections.js';
import { defineWatchCommand } from './watch.js';
import { defineScenarioCommand } from './scenario.js';
import { defineRunsCommand } from './runs.js';
import { defineCallCommand } from './call.js';
import { defineTourCommand } from './tour.js';
import { defineAppCommand } from './app.js';
import { defineServeCommand } from './serve.js';
import { defineMcpCommand } from './mcp.js';

/** Each entry declares one `ctct` subcommand; its action imports the heavy work lazily. */
export type CommandDefinition = (program: Command) => void;

export const commands: CommandDefinition[] = [
  defineModuleCommands,
  defineSandboxCommand,
  defineConnectCommand,
  defineConnectionsCommand,
  defineCallCommand,
  defineWatchCommand,
  defineScenarioCommand,
  defineRunsCommand,
  defineTourCommand,
  defineAppCommand,
  defineMcpCommand,
  defineServeCommand,
];
