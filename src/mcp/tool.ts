import type { CtctClient } from '../client/index.js';
import type { ToolHints } from './annotations.js';

/** A JSON Schema whose root is an object, as MCP requires of input and output schemas. */
export type ObjectSchema = { type: 'object'; [key: string]: unknown };

/** What tools/list shows of a tool. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: ObjectSchema;
  outputSchema?: ObjectSchema;
  annotations: ToolHints;
}

/** What a call gets besides its arguments. */
export interface ToolContext {
  /** The client of the configured connection, created on the first call that needs it. */
  client(): Promise<CtctClient>;
  /** Sent as an MCP progress notification when the caller asked for progress. */
  progress(message: string): void;
  signal: AbortSignal;
  /** Answers longer than this (in JSON characters) are cut, with a note. */
  maxOutputChars: number;
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
}

/** One tool the server serves: its listing and what a call does. Errors thrown become tool errors. */
export interface ServedTool {
  listing: ToolListing;
  /** The module behind the tool, for error hints (describe_module takes its key). */
  moduleKey?: string;
  call(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult>;
}

/** A successful answer: the JSON as text (every client reads it) and, for objects, as structured content. */
export function jsonResult(value: unknown, note?: string): ToolResult {
  const content: ToolResult['content'] = [];
  if (note) content.push({ type: 'text', text: note });
  content.push({ type: 'text', text: JSON.stringify(value) ?? 'null' });
  const result: ToolResult = { content };
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    result.structuredContent = value as Record<string, unknown>;
  return result;
}

/** A JSON Schema from zod without the `$schema` line (MCP clients do not need it on every tool). */
export function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
