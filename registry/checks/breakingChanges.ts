import { Kind, type TypeNode } from 'graphql';
import { isPastSunset } from '../../schema/index.ts';
import type { CheckProblem, ObservedUse } from '../CheckReport.ts';
import type { FieldUse } from '../usage/FieldUse.ts';
import { mergeUses } from '../usage/mergeUses.ts';
import { schemaSurface, typeText, usersOf, type Deprecation, type SchemaSurface, type SurfaceInput } from './schemaSurface.ts';

/** How many days of use make a change breaking, when nobody says otherwise. */
export const DEFAULT_USAGE_WINDOW_DAYS = 30;

/** What `breakingChanges` compares. */
export interface BreakingChangesInput {
  /** The SDL served now (a subgraph's as it was published, or the composed graph's API schema). */
  current: string;
  /** The SDL that would replace it. */
  candidate: string;
  /** What consumers used (`FieldUsageLog.usage`); uses older than the window do not count. */
  usage: readonly FieldUse[];
  /** The clock, epoch milliseconds: the window ends and sunsets are judged at it. @default Date.now() */
  now?: number;
  /** Days back from `now` in which a use makes a change breaking. @default 30 */
  windowDays?: number;
}

/** One change that removes or narrows something a client can use. */
interface Change {
  readonly coordinate: string;
  /** What changed, a sentence without its end: `"Episode.title" is removed`. */
  readonly what: string;
  /** The coordinates whose use the change breaks. */
  readonly breaks: readonly string[];
  readonly removal: boolean;
  /** The element's deprecation in the current schema. */
  readonly deprecation?: Deprecation | undefined;
}

const safeOutputChange = (from: TypeNode, to: TypeNode): boolean => {
  if (from.kind === Kind.LIST_TYPE) return (to.kind === Kind.LIST_TYPE && safeOutputChange(from.type, to.type)) || (to.kind === Kind.NON_NULL_TYPE && safeOutputChange(from, to.type));
  if (from.kind === Kind.NON_NULL_TYPE) return to.kind === Kind.NON_NULL_TYPE && safeOutputChange(from.type, to.type);
  return (to.kind === Kind.NAMED_TYPE && to.name.value === from.name.value) || (to.kind === Kind.NON_NULL_TYPE && safeOutputChange(from, to.type));
};

const safeInputChange = (from: TypeNode, to: TypeNode): boolean => {
  if (from.kind === Kind.LIST_TYPE) return to.kind === Kind.LIST_TYPE && safeInputChange(from.type, to.type);
  if (from.kind === Kind.NON_NULL_TYPE) return to.kind === Kind.NON_NULL_TYPE ? safeInputChange(from.type, to.type) : safeInputChange(from.type, to);
  return to.kind === Kind.NAMED_TYPE && to.name.value === from.name.value;
};

/** Changes to an argument list or an input type's fields: removed, narrowed, or a new required one. */
/**
 * `holders` are the coordinates a new required one breaks (the field of an
 * argument; the arguments that take an input type); a removed or narrowed
 * argument breaks only those who give it, an input field all its holders.
 */
function inputChanges(before: ReadonlyMap<string, SurfaceInput>, after: ReadonlyMap<string, SurfaceInput>, coordinate: (name: string) => string, holders: readonly string[], kind: 'argument' | 'input field'): Change[] {
  const changes: Change[] = [];
  for (const [name, input] of before) {
    const next = after.get(name);
    const at = coordinate(name);
    const breaks = kind === 'argument' ? [at] : [at, ...holders];
    if (!next) changes.push({ coordinate: at, what: `"${at}" is removed`, breaks, removal: true, deprecation: input.deprecation });
    else if (!safeInputChange(input.type, next.type)) {
      changes.push({ coordinate: at, what: `"${at}" changes type from ${typeText(input.type)} to ${typeText(next.type)}`, breaks, removal: false, deprecation: input.deprecation });
    }
  }
  for (const [name, input] of after) {
    const at = coordinate(name);
    if (input.required && !before.get(name)?.required) changes.push({ coordinate: at, what: `"${at}" is new and required (${typeText(input.type)}, no default)`, breaks: holders, removal: false });
  }
  return changes;
}

/** Every change from `current` to `candidate` that can break a client, with the coordinates whose use it breaks. */
function changesBetween(current: SchemaSurface, candidate: SchemaSurface): Change[] {
  const changes: Change[] = [];
  for (const [type, fields] of current.outputs) {
    const next = candidate.outputs.get(type);
    for (const [name, field] of fields) {
      const at = `${type}.${name}`;
      const after = next?.get(name);
      if (!after) {
        changes.push({ coordinate: at, what: next ? `"${at}" is removed` : `"${at}" is removed with its type "${type}"`, breaks: [at], removal: true, deprecation: field.deprecation });
        continue;
      }
      if (!safeOutputChange(field.type, after.type)) {
        changes.push({ coordinate: at, what: `"${at}" changes type from ${typeText(field.type)} to ${typeText(after.type)}`, breaks: [at], removal: false, deprecation: field.deprecation });
      }
      changes.push(...inputChanges(field.args, after.args, (arg) => `${at}(${arg}:)`, [at], 'argument'));
    }
  }
  for (const [type, fields] of current.inputs) {
    const next = candidate.inputs.get(type);
    // A removed input type shows as a type change of every argument that took it.
    if (next) changes.push(...inputChanges(fields, next, (field) => `${type}.${field}`, usersOf([current], [type]), 'input field'));
  }
  for (const [type, values] of current.enums) {
    const next = candidate.enums.get(type);
    if (!next) continue;
    for (const [value, { deprecation }] of values) {
      if (!next.has(value)) changes.push({ coordinate: `${type}.${value}`, what: `"${type}.${value}" is removed from the enum`, breaks: usersOf([current], [type]), removal: true, deprecation });
    }
  }
  for (const [union, members] of current.unions) {
    const next = candidate.unions.get(union);
    if (!next) continue;
    for (const member of members) {
      if (!next.has(member)) changes.push({ coordinate: union, what: `"${member}" is no longer a member of the union "${union}"`, breaks: usersOf([current], [union]), removal: true });
    }
  }
  return changes;
}

/** The uses of any of `coordinates` since `since`, one per consumer, the latest first. */
function usesOf(usage: readonly FieldUse[], coordinates: readonly string[], since: string): ObservedUse[] {
  const wanted = new Set(coordinates);
  return mergeUses(
    usage.filter((use) => wanted.has(use.coordinate) && use.lastSeenAt >= since),
    (use) => use.consumer,
  )
    .map(({ consumer, operations, count, lastSeenAt }) => ({ consumer, operations, count, lastSeenAt }))
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.consumer.localeCompare(b.consumer));
}

/** `charts-web (operations TopEpisodes, Charts; 12 uses, last 2026-11-30T10:00:00.000Z)`. */
export function describeUse({ consumer, operations, count, lastSeenAt }: ObservedUse): string {
  const named = operations.length === 0 ? '' : `operation${operations.length === 1 ? '' : 's'} ${operations.join(', ')}; `;
  return `${consumer} (${named}${count} use${count === 1 ? '' : 's'}, last ${lastSeenAt})`;
}

const consumers = (uses: readonly ObservedUse[]) => `${uses.length} consumer${uses.length === 1 ? '' : 's'}`;

function advice(change: Change): string {
  if (change.deprecation?.sunset) return `It is deprecated with sunset ${change.deprecation.sunset}: the change passes from that day.`;
  if (change.deprecation) return `Its @deprecated reason states no sunset: add one ("Sunset YYYY-MM-DD"), tell its consumers, and change it from that day.`;
  return change.removal
    ? 'Deprecate it first with a sunset date (@deprecated(reason: "… Sunset YYYY-MM-DD")), tell its consumers, and remove it from that day.'
    : 'Keep it as it is and add a new field or argument beside it, deprecating this one with a sunset date.';
}

/**
 * The changes from `current` to `candidate` that remove or narrow what
 * clients use — a field, argument, input field, enum value or union member
 * removed; an output type made nullable or changed; an argument or input
 * field made non-null or changed; a new required argument — each weighed
 * against real use: used in the last `windowDays`, an error (`breaking-change`)
 * naming each consumer, its operations, how often and when last; unused, a
 * warning. A deprecated element whose sunset date (`deprecationSunset`) has
 * begun changes freely: a warning only while consumers still use it.
 */
export function breakingChanges(input: BreakingChangesInput): CheckProblem[] {
  const { current, candidate, usage, now = Date.now(), windowDays = DEFAULT_USAGE_WINDOW_DAYS } = input;
  if (!(Number.isFinite(windowDays) && windowDays > 0)) throw new RangeError(`breakingChanges: "windowDays" must be a number of days above 0, but is ${windowDays}.`);
  const since = new Date(now - windowDays * 86_400_000).toISOString();
  const window = `in the last ${windowDays} day${windowDays === 1 ? '' : 's'}`;
  const problems: CheckProblem[] = [];
  for (const change of changesBetween(schemaSurface(current), schemaSurface(candidate))) {
    const usedBy = usesOf(usage, change.breaks, since);
    const base = { check: 'breaking-change', coordinate: change.coordinate, ...(usedBy.length > 0 ? { usedBy } : {}) };
    const sunset = change.deprecation?.sunset;
    if (sunset !== undefined && isPastSunset(sunset, now)) {
      if (usedBy.length > 0) {
        problems.push({ ...base, severity: 'warning', message: `${change.what}, past its sunset ${sunset}, and ${consumers(usedBy)} still used it ${window}: ${usedBy.map(describeUse).join('; ')}.` });
      }
      continue;
    }
    problems.push(
      usedBy.length > 0
        ? { ...base, severity: 'error', message: `${change.what}, but ${consumers(usedBy)} used it ${window}: ${usedBy.map(describeUse).join('; ')}. ${advice(change)}` }
        : { ...base, severity: 'warning', message: `${change.what}; no consumer used it ${window}.` },
    );
  }
  return problems;
}
