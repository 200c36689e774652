import { MissingTokenError } from './errors.js';
import type { TokenProvider } from './types.js';

export const TOKEN_ENV = 'CTCT_ACCESS_TOKEN';

/** A provider that always answers the same token and cannot refresh it. */
export function staticToken(token: string): TokenProvider {
  const answer = Promise.resolve(token);
  return { getToken: () => answer };
}

/**
 * The token source of a client: the given provider or fixed token, else `CTCT_ACCESS_TOKEN`.
 * Raises MissingTokenError, naming the variable and `ctct connect`, when there is none.
 */
export function resolveTokenProvider(
  token: TokenProvider | string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): TokenProvider {
  if (typeof token === 'object') return token;
  const value = token ?? env[TOKEN_ENV];
  if (value === undefined || value.trim() === '') {
    throw new MissingTokenError(
      `No Constant Contact access token: set ${TOKEN_ENV}, or connect an account with \`ctct connect\`.`,
      {
        hint: `${TOKEN_ENV} takes a v3 OAuth access token; \`ctct connect\` stores a connection that refreshes itself.`,
      },
    );
  }
  return staticToken(value.trim());
}
