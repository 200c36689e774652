/**
 * A field as `ctct describe` and the option/coercion code see it. In a file of its own, without
 * imports, so the web app's front end (compiled for the browser) can derive its field type from it.
 */
export interface FieldInfo {
  key: string;
  label: string;
  help: string;
  required: boolean;
  /** JSON Schema type of the field (string, number, integer, boolean, array, object). */
  type: string;
  /** Allowed values: an enumeration, a constant, or the values of an array's items. */
  enum?: readonly unknown[];
  default?: unknown;
  options?: string;
  dependsOn?: readonly string[];
  /** Sub-fields of objects and of arrays of objects (phone numbers, addresses...). */
  items?: FieldInfo[];
}
