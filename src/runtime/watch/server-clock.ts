/**
 * The API server's notion of "now", read from the HTTP `Date` header of its responses. A watch that
 * starts "from now" must start at the SERVER's now: the events it compares against carry server
 * timestamps, and the local clock may be minutes (or, against the sandbox's manual clock, months) off.
 *
 * The client does not hand response headers to modules, so the clock sits one layer lower: it wraps
 * the `fetch` the client is built with (`createClient({ fetch: clock.wrap(globalThis.fetch) })`).
 */
export class ServerClock {
  private first: string | undefined;
  private latest: string | undefined;

  /** A fetch that notes the `Date` of every response before handing it on unchanged. */
  wrap(inner: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const response = await inner(input, init);
      this.observe(response.headers.get('date'));
      return response;
    };
  }

  observe(header: string | null | undefined): void {
    if (!header) return;
    const ms = Date.parse(header);
    if (Number.isNaN(ms)) return;
    const iso = new Date(ms).toISOString();
    this.first ??= iso;
    this.latest = iso;
  }

  /** Forgets what was seen, so `firstSinceReset()` names the first response after this call. */
  reset(): void {
    this.first = undefined;
  }

  /** The `Date` of the first response since the last `reset()` (whole seconds, as HTTP dates are). */
  firstSinceReset(): string | undefined {
    return this.first;
  }

  /** The most recent `Date` seen. */
  now(): string | undefined {
    return this.latest;
  }
}
