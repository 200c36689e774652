/** The local web app (`ctct app`, `npm start`): see README.md in this folder for its choices. */
export { startApp, buildApp, DEFAULT_APP_PORT, type AppOptions, type RunningApp } from './server.js';
export { Workspace, EMBEDDED, ENVIRONMENT, type WorkspaceOptions } from './workspace.js';
export { createSession, type Session } from './security.js';
export type * from './api-types.js';
