import { ReconnectRequiredError } from '../client/errors.js';

/**
 * Errors of the connection store and flows. Each carries a `hint` (what to do) and an `exitCode`, the
 * shape `reportFailure` in the CLI prints. None of them ever carries a token: messages are built from
 * names, paths and OAuth error codes only.
 */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Bad input from the user (a malformed name, a missing option): exit code 2. */
export class ConnectionUsageError extends ConnectionError {
  override name = 'ConnectionUsageError';
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
  }
}

export class ConnectionNotFoundError extends ConnectionError {
  override name = 'ConnectionNotFoundError';
  /** `source` says where the name came from when the user did not type it (e.g. CTCT_CONNECTION). */
  constructor(
    readonly connection: string,
    known: readonly string[],
    source?: string,
  ) {
    super(
      `no connection named "${connection}"${source ? ` (the name comes from ${source})` : ''}`,
      known.length > 0
        ? `known connections: ${known.join(', ')} (see \`ctct connections list\`)`
        : 'create one with `ctct connect --name ' + connection + '`',
    );
  }
}

/** The encryption key is malformed, unreadable or too widely readable. */
export class SecretKeyError extends ConnectionError {
  override name = 'SecretKeyError';
}

/** A stored token envelope failed authentication: tampered with, truncated, or written under another key. */
export class TokenDecryptError extends ConnectionError {
  override name = 'TokenDecryptError';
}

/** A connection file that is not what the store writes (hand-edited, truncated, from a newer version). */
export class CorruptConnectionError extends ConnectionError {
  override name = 'CorruptConnectionError';
}

/** A connection file that group or others can read or write, or another user owns. */
export class ConnectionFileModeError extends ConnectionError {
  override name = 'ConnectionFileModeError';
}

/** Another process holds the refresh lock for too long. */
export class LockTimeoutError extends ConnectionError {
  override name = 'LockTimeoutError';
}

/**
 * The grant behind a connection is dead (refresh token expired after 180 idle days, revoked, or lost
 * to a rotation race): only a new consent in the browser brings it back. `command` is the exact
 * command that does it. It is the client's `ReconnectRequiredError`, so callers catch one class
 * whether the client or the provider found out.
 */
export class ConnectionExpiredError extends ReconnectRequiredError {
  readonly exitCode = 1;
  constructor(
    readonly connection: string,
    readonly command: string,
    readonly reason: string,
  ) {
    // The message already names the command; the hint adds what the user may not know.
    const onLocalSandbox = /--oauth-base http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(command);
    super(`connection "${connection}" can no longer be renewed (${reason}); reconnect with: ${command}`, {
      hint: onLocalSandbox
        ? 'this connection is to a local sandbox: one started without --data ' +
          'forgets its tokens when it stops (`ctct sandbox --data FILE` keeps them)'
        : 'the command opens the browser to approve access again; the connection keeps its name',
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), connection: this.connection, command: this.command };
  }
}

/** The authorization server answered with an OAuth error other than a dead grant. */
export class OAuthFlowError extends ConnectionError {
  override name = 'OAuthFlowError';
  constructor(
    readonly error: string,
    description: string | undefined,
    hint?: string,
  ) {
    super(`authorization server: ${error}${description ? ` (${description})` : ''}`, hint);
  }
}
