import { ConfigError } from '../../config/index.ts';
import { CLASSIFICATIONS, didYouMean, type Classification } from '../../schema/index.ts';
import type { AccessRequirement, ClassificationFloor, MeshPolicy, Purpose, RateLimit, RowRule } from './MeshPolicy.ts';

/** Every access requirement, from least to most strict. */
export const ACCESS_REQUIREMENTS: readonly AccessRequirement[] = ['anyone', 'authenticated', 'agreement', 'pii-agreement'];

/** A policy that cannot be enforced: names the file, the key and what is wrong. */
export class PolicyError extends ConfigError {
  override name = 'PolicyError';
}

type Json = Record<string, unknown>;

/**
 * Checks untrusted policy data (a parsed YAML file) and returns it typed.
 * Every problem names its key (`classifications.pii.requires`) and what was
 * expected; the policy must itself be coherent: stricter classifications
 * never require less, rule names are unique, row rules name known regions.
 */
export function parseMeshPolicy(data: unknown, source: string): MeshPolicy {
  const fail = (key: string, message: string): never => {
    throw new PolicyError(`${source}: ${key} ${message}`);
  };
  const record = (value: unknown, key: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(key, `must be a mapping, but is ${JSON.stringify(value)}.`);
  const string = (value: unknown, key: string): string => (typeof value === 'string' && value.trim() !== '' ? value : fail(key, `must be a non-empty string, but is ${JSON.stringify(value)}.`));
  const number = (value: unknown, key: string): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fail(key, `must be a number greater than 0, but is ${JSON.stringify(value)}.`));
  const list = (value: unknown, key: string): unknown[] => (Array.isArray(value) ? value : fail(key, `must be a list, but is ${JSON.stringify(value)}.`));
  const oneOf = <T extends string>(value: unknown, options: readonly T[], key: string): T =>
    typeof value === 'string' && (options as readonly string[]).includes(value)
      ? (value as T)
      : fail(key, `must be one of ${options.join(', ')}, but is ${JSON.stringify(value)}.${typeof value === 'string' ? didYouMean(value, options) : ''}`);
  const known = (object: Json, keys: readonly string[], key: string) => {
    for (const name of Object.keys(object)) if (!keys.includes(name)) fail(`${key ? `${key}.` : ''}${name}`, `is not a policy key; expected one of ${keys.join(', ')}.${didYouMean(name, keys)}`);
  };

  const root = record(data, '(the file)');
  known(root, ['version', 'classifications', 'unclassified', 'purposes', 'floors', 'regions', 'rowRules', 'agreements', 'rateLimits'], '');
  if (root['version'] !== 1) fail('version', `must be 1, but is ${JSON.stringify(root['version'])}.`);

  const classificationsIn = record(root['classifications'], 'classifications');
  known(classificationsIn, CLASSIFICATIONS, 'classifications');
  const classifications = Object.fromEntries(
    CLASSIFICATIONS.map((c) => {
      const rule = record(classificationsIn[c], `classifications.${c}`);
      return [c, { rule: string(rule['rule'], `classifications.${c}.rule`), requires: oneOf(rule['requires'], ACCESS_REQUIREMENTS, `classifications.${c}.requires`) }];
    }),
  ) as MeshPolicy['classifications'];
  CLASSIFICATIONS.slice(1).forEach((c, i) => {
    const weaker = CLASSIFICATIONS[i]!;
    if (ACCESS_REQUIREMENTS.indexOf(classifications[c].requires) < ACCESS_REQUIREMENTS.indexOf(classifications[weaker].requires)) {
      fail(`classifications.${c}.requires`, `("${classifications[c].requires}") is less than ${weaker}'s ("${classifications[weaker].requires}"): a more sensitive classification never requires less.`);
    }
  });

  const purposesIn = record(root['purposes'], 'purposes');
  const purposes: Record<string, Purpose> = {};
  for (const [name, value] of Object.entries(purposesIn)) {
    const purpose = record(value, `purposes.${name}`);
    if (typeof purpose['pii'] !== 'boolean') fail(`purposes.${name}.pii`, `must be true or false, but is ${JSON.stringify(purpose['pii'])}.`);
    purposes[name] = { description: string(purpose['description'], `purposes.${name}.description`), pii: purpose['pii'] as boolean };
  }
  if (Object.keys(purposes).length === 0) fail('purposes', 'must list at least one purpose.');

  const regionsIn = record(root['regions'] ?? {}, 'regions');
  const regions = Object.fromEntries(
    Object.entries(regionsIn).map(([name, codes]) => [
      name,
      list(codes, `regions.${name}`).map((code, i) => (typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : fail(`regions.${name}[${i}]`, `must be an ISO 3166-1 alpha-2 code such as "DE", but is ${JSON.stringify(code)}.`))),
    ]),
  );

  const floors: ClassificationFloor[] = list(root['floors'] ?? [], 'floors').map((value, i) => {
    const floor = record(value, `floors[${i}]`);
    const field = string(floor['field'], `floors[${i}].field`);
    if (!/^(\*|[A-Za-z_]\w*)\.(\*|[A-Za-z_]\w*)$/.test(field)) fail(`floors[${i}].field`, `must be "Type.field", "*.field" or "Type.*", but is "${field}".`);
    return { rule: string(floor['rule'], `floors[${i}].rule`), field, atLeast: oneOf(floor['atLeast'], CLASSIFICATIONS, `floors[${i}].atLeast`) };
  });

  const rowRules: RowRule[] = list(root['rowRules'] ?? [], 'rowRules').map((value, i) => {
    const rule = record(value, `rowRules[${i}]`);
    const region = string(rule['region'], `rowRules[${i}].region`);
    if (!(region in regions)) fail(`rowRules[${i}].region`, `names region "${region}", which \`regions\` does not list.${didYouMean(region, Object.keys(regions))}`);
    return { rule: string(rule['rule'], `rowRules[${i}].rule`), type: string(rule['type'], `rowRules[${i}].type`), field: string(rule['field'], `rowRules[${i}].field`), region };
  });

  const agreementsIn = record(root['agreements'], 'agreements');
  if (typeof agreementsIn['autoApprovePii'] !== 'boolean') fail('agreements.autoApprovePii', `must be true or false, but is ${JSON.stringify(agreementsIn['autoApprovePii'])}.`);
  const agreements = { maxDays: number(agreementsIn['maxDays'], 'agreements.maxDays'), autoApprovePii: agreementsIn['autoApprovePii'] as boolean };

  const rateLimitsIn = record(root['rateLimits'], 'rateLimits');
  const rateLimit = (who: 'anonymous' | 'authenticated'): RateLimit => {
    const limit = record(rateLimitsIn[who], `rateLimits.${who}`);
    return { requestsPerMinute: number(limit['requestsPerMinute'], `rateLimits.${who}.requestsPerMinute`), costPerMinute: number(limit['costPerMinute'], `rateLimits.${who}.costPerMinute`) };
  };

  const policy: MeshPolicy = {
    version: 1,
    classifications,
    unclassified: oneOf(root['unclassified'], CLASSIFICATIONS, 'unclassified') as Classification,
    purposes,
    floors,
    regions,
    rowRules,
    agreements,
    rateLimits: { anonymous: rateLimit('anonymous'), authenticated: rateLimit('authenticated') },
  };
  const names = [...Object.values(classifications).map((c) => c.rule), ...floors.map((f) => f.rule), ...rowRules.map((r) => r.rule)];
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) fail('(rule names)', `must be unique, but "${repeated}" names two rules.`);
  return policy;
}
