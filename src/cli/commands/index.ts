import type { Command } from 'commander';

/** Each entry declares one `ctct` subcommand; its action imports the heavy work lazily. */
export type CommandDefinition = (program: Command) => void;

export const commands: CommandDefinition[] = [];
