/**
 * Coded warnings for integrators, printed once per code and message per page so a misconfigured
 * widget does not flood the console: `[threadline] thread is required (THREADLINE_NO_THREAD)`.
 */
const seen = new Set<string>();

export function warnOnce(code: string, message: string): void {
  const key = `${code}:${message}`;
  if (seen.has(key)) return;
  seen.add(key);
  console.warn(`[threadline] ${message} (${code})`);
}
