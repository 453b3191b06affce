/** How log lines are written: `json` (one JSON object a line, for machines) or `pretty` (one readable line, for people). */
export type LogFormat = 'json' | 'pretty';

/**
 * The format the environment asks for: `MESHGRAPH_LOG_FORMAT` (`json` or
 * `pretty`) when set, else `json` in production (`NODE_ENV=production`) and
 * `pretty` otherwise. Any other value is refused at start-up.
 */
export function logFormatFrom(env: Readonly<Record<string, string | undefined>>): LogFormat {
  const asked = env['MESHGRAPH_LOG_FORMAT']?.trim();
  if (asked === 'json' || asked === 'pretty') return asked;
  if (asked) throw new Error(`MESHGRAPH_LOG_FORMAT must be json or pretty, but is "${asked}".`);
  return env['NODE_ENV'] === 'production' ? 'json' : 'pretty';
}
