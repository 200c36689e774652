/**
 * Shapes shared by several areas. Interfaces tagged `@swagger <Definition>` mirror that definition of
 * the official v3 contract property for property (test/client/swagger-types.test.ts checks the names);
 * `@swaggerQuery <METHOD> <path>` marks the query parameters of one operation.
 */

/** @swagger Link */
export interface Link {
  href?: string;
}

/** @swagger PagingLinks */
export interface PagingLinks {
  /** Absent or null on the last page. */
  next?: Link | null;
}

/** A self link as bulk activities carry it. @swagger ActivityStatusLink */
export interface ActivityStatusLink {
  self?: { href?: string };
}

/** Query values the API reads as comma-separated lists may be given as arrays. */
export type CsvParam = string | readonly string[];
