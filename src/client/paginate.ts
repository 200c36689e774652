import { CtctApiError } from './errors.js';
import type { ApiResponse, HttpMethod, Page, PaginateOptions, RequestOptions } from './types.js';
import { relativeNextPath } from './url.js';

const PAGE_HINT =
  'Pagination follows `_links.next.href` as the API gives it; a proxy that rewrites bodies can break it.';

/** A paging failure naming the request as errors do (`/v3/contacts`, without the query). */
function pagingError(message: string, baseUrl: string, path: string): CtctApiError {
  const urlPath = `${new URL(baseUrl).pathname.replace(/\/+$/, '')}${path.split('?', 1)[0] ?? ''}`;
  return new CtctApiError(message, { method: 'GET', path: urlPath, hint: PAGE_HINT });
}

/** What pagination needs from the client. */
export interface PageSource {
  readonly baseUrl: string;
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/**
 * Walks a collection page by page (facts §2). The first request carries the query and
 * `limit=<pageSize>` (never more than the caller still wants); every later one is `_links.next.href`
 * verbatim, because the opaque cursor already carries the filters and the page size. It stops when
 * the link is absent or null, and makes no request once the caller's `limit` is reached.
 */
export async function* pages<T>(source: PageSource, path: string, options: PaginateOptions): AsyncGenerator<Page<T>> {
  let wanted = options.limit ?? Number.POSITIVE_INFINITY;
  if (wanted <= 0) return;
  const query = { ...options.query };
  if (options.pageSize !== undefined) query.limit = Math.min(options.pageSize, wanted);
  let next: string | undefined = path;
  let first = true;
  const followed = new Set<string>();
  while (next !== undefined) {
    const requestOptions: RequestOptions = {};
    if (first) {
      requestOptions.query = query;
      if (options.repeat) requestOptions.repeat = options.repeat;
    }
    if (options.signal) requestOptions.signal = options.signal;
    const { data } = await source.request<unknown>('GET', next, requestOptions);
    first = false;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw pagingError(
        `GET ${next}: expected a page object with "${options.itemsKey}", ` +
          `got ${Array.isArray(data) ? 'an array' : typeof data}.`,
        source.baseUrl,
        next,
      );
    }
    const body = data as Record<string, unknown>;
    const raw = body[options.itemsKey];
    if (raw !== undefined && raw !== null && !Array.isArray(raw))
      throw pagingError(`GET ${next}: "${options.itemsKey}" is not an array.`, source.baseUrl, next);
    const all = (raw ?? []) as T[];
    const items = all.length > wanted ? all.slice(0, wanted) : all;
    wanted -= items.length;
    const href = nextHref(body);
    yield { items, body, next: href };
    if (href === undefined || wanted <= 0) return;
    // A link that repeats would loop forever: the API never sends one, but a broken proxy could.
    if (followed.has(href))
      throw pagingError(
        `The next-page link repeats (${href}); stopping to avoid an endless loop.`,
        source.baseUrl,
        next,
      );
    followed.add(href);
    try {
      next = relativeNextPath(source.baseUrl, href);
    } catch (err) {
      throw pagingError((err as Error).message, source.baseUrl, next);
    }
  }
}

/** Every item of the collection, in the API's order, up to `limit`. */
export async function* paginate<T>(source: PageSource, path: string, options: PaginateOptions): AsyncGenerator<T> {
  for await (const page of pages<T>(source, path, options)) yield* page.items;
}

function nextHref(body: Record<string, unknown>): string | undefined {
  const links = body._links as { next?: { href?: unknown } | null } | undefined | null;
  const href = links?.next?.href;
  return typeof href === 'string' && href !== '' ? href : undefined;
}
