/**
 * ctct-connect's library entry. The v3 client comes first; the modules, the polling runtime and the
 * connections add their exports here as they land.
 */
export * from './client/index.js';
