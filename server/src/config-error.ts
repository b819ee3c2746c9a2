/** A configuration the server cannot start with; its message lists what to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
