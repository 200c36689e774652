/**
 * Error responses as the v3 API shapes them. Most errors are a JSON array of
 * `{error_key, error_message}`; authorization errors and 429s are a single object (facts §8.2).
 * Handlers throw an `ApiProblem`; the app's error hook renders it.
 */
export type ErrorShape = 'array' | 'object';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly errorKey: string,
    message: string,
    readonly shape: ErrorShape = 'array',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): unknown {
    const item = { error_key: this.errorKey, error_message: this.message };
    return this.shape === 'array' ? [item] : item;
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.body()), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...this.headers },
    });
  }
}

export const badRequest = (key: string, message: string): ApiProblem => new ApiProblem(400, key, message);
export const validationError = (message: string, key = 'contacts.api.validation.error'): ApiProblem =>
  new ApiProblem(400, key, message);
export const notFound = (key: string, message: string): ApiProblem => new ApiProblem(404, key, message);
export const conflict = (key: string, message: string): ApiProblem => new ApiProblem(409, key, message);
export const unauthorized = (): ApiProblem => new ApiProblem(401, 'unauthorized', 'Unauthorized', 'object');
export const forbidden = (message = 'Forbidden'): ApiProblem => new ApiProblem(403, 'forbidden', message);
export const unsupportedMediaType = (message = 'Unsupported Media Type: use application/json'): ApiProblem =>
  new ApiProblem(415, 'http.status.unsupported_media_type', message);
export const throttled = (): ApiProblem => new ApiProblem(429, 'throttled', 'Too Many Requests', 'object');
export const quotaExceeded = (): ApiProblem => new ApiProblem(429, 'quota_exceeded', 'Limit Exceeded', 'object');
