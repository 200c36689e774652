/**
 * Caps that keep every evaluation small and finite whatever the template and the data (README.md
 * explains each). Functions check them before they build a value, not after.
 */
export const LIMITS = {
  /** Characters in one template (one mapper field). */
  maxTemplateLength: 10_000,
  /** Nesting of parentheses, calls and operators inside one `{{…}}`. */
  maxDepth: 32,
  /** Characters in any text the language produces, including a whole mixed-text field. */
  maxTextLength: 1_000_000,
  /** Items in any array the language produces. */
  maxArrayLength: 100_000,
} as const;
