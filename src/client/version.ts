import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, for the `ctct-connect/<version>` user agent (read once). */
export function clientVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    } catch {
      cached = '0.0.0';
    }
  }
  return cached;
}

export function defaultUserAgent(): string {
  return `ctct-connect/${clientVersion()}`;
}
