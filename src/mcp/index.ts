export {
  createMcpServer,
  servedTools,
  sharedClient,
  DEFAULT_MAX_OUTPUT_CHARS,
  type McpServerOptions,
} from './server.js';
export { serveStdio } from './stdio.js';
export { serveHttp, localGuard, type HttpServing } from './http.js';
export { moduleHints, type ToolHints } from './annotations.js';
export type { ServedTool, ToolContext, ToolListing, ToolResult } from './tool.js';
export { openBackend, type Backend, type BackendOptions } from './backend.js';
export { scenarioTools } from './scenario-tools.js';
