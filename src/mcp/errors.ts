import { QuotaExceededError, RateLimitedError } from '../client/errors.js';
import { ModuleInputError } from '../modules/input.js';
import { UnknownModuleError } from '../modules/registry.js';

/** A failed tool call as MCP returns it: an error result the agent reads, never a crashed server. */
export interface ToolErrorResult {
  [key: string]: unknown;
  isError: true;
  content: { type: 'text'; text: string }[];
}

/**
 * The library's errors already say what went wrong (the API's own message included) and carry a
 * `hint` saying what to do; this only swaps the CLI's pointers for the tools an agent has.
 */
export function toolError(err: unknown, moduleKey?: string): ToolErrorResult {
  const e = err instanceof Error ? (err as Error & { hint?: unknown }) : new Error(String(err));
  let hint = typeof (e as { hint?: unknown }).hint === 'string' ? ((e as { hint?: string }).hint ?? '') : '';
  if (e instanceof ModuleInputError && moduleKey !== undefined)
    hint = `Call describe_module with {"module": "${moduleKey}"} to see every field and its rules, then call again.`;
  // throttling outlasted the wait this server allows (named caps and the daily quota keep their own hint)
  else if (
    e instanceof RateLimitedError &&
    !(e instanceof QuotaExceededError) &&
    (e.errorKey ?? 'throttled') === 'throttled'
  )
    hint =
      'The 4 requests a second are shared by every process of the application: try again in a few seconds, ' +
      'make fewer calls at once, or start ctct mcp with a longer --max-throttle-wait.';
  else if (e instanceof UnknownModuleError)
    hint = 'tools/list names every module tool; describe_module and list_options take its name (the tool name).';
  return { isError: true, content: [{ type: 'text', text: hint ? `${e.message}\nWhat to do: ${hint}` : e.message }] };
}

/** A plain refusal (unknown tool, a tool hidden by --read-only) in the same form. */
export function refusal(message: string, hint: string): ToolErrorResult {
  return { isError: true, content: [{ type: 'text', text: `${message}\nWhat to do: ${hint}` }] };
}
