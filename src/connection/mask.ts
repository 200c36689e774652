/** How a secret is shown: never the value, only enough to tell two tokens apart. */
export function maskSecret(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 16) return `**** (${value.length} chars)`;
  return `****${value.slice(-4)} (${value.length} chars)`;
}
