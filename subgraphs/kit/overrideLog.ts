import type { EventLog } from '../../eventlog/index.ts';

/**
 * `log` with some of its `EventLog` methods replaced. Everything else stays
 * the log's own, so what a log offers besides `EventLog` (the embedded log's
 * `damage()`, which `/health` reports) is still there.
 */
export function overrideLog<L extends EventLog>(log: L, overrides: Partial<Pick<EventLog, 'createTopic' | 'append' | 'read'>>): L {
  return new Proxy(log, {
    get(target, property) {
      const override = (overrides as Record<PropertyKey, unknown>)[property];
      if (override !== undefined) return override;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
