/** A setting that cannot be used: thrown at start-up, naming the variable, what came and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
