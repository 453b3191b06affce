import type { QualityRule } from '../../../schema/index.ts';
import type { DataProductDefinition } from '../dataProduct.ts';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ON_FAIL: readonly QualityRule['onFail'][] = ['deadLetter', 'quarantine'];

/**
 * What is wrong with a data product's quality rules, one sentence each: every
 * rule has a unique kebab-case name, a description, an action, and names a
 * schema object the contract has (one of its topic ports).
 */
export function qualityProblems(def: Pick<DataProductDefinition, 'quality' | 'outputPorts'>): string[] {
  if (def.quality === undefined) return [];
  if (!Array.isArray(def.quality)) return ['quality must be a list of rules (empty for none).'];
  const problems: string[] = [];
  const names = new Set<string>();
  const topicPorts = (def.outputPorts ?? []).flatMap((port) => (port.kind === 'topic' ? [port.name] : []));
  for (const rule of def.quality) {
    const label = `quality rule ${JSON.stringify(rule?.name)}`;
    if (typeof rule?.name !== 'string' || !KEBAB.test(rule.name)) problems.push(`${label}: the name must be kebab-case like "play-id-unique".`);
    else if (names.has(rule.name)) problems.push(`${label}: the name is used by another rule.`);
    else names.add(rule.name);
    if (typeof rule?.description !== 'string' || rule.description.trim() === '') problems.push(`${label}: the description is missing: say what every record satisfies.`);
    if (!ON_FAIL.includes(rule?.onFail)) problems.push(`${label}: onFail must be one of ${ON_FAIL.join(', ')}, but is ${JSON.stringify(rule?.onFail)}.`);
    if (!topicPorts.includes(rule?.object)) {
      problems.push(`${label}: object must name one of the product's topic ports (${topicPorts.join(', ') || 'it has none'}), but is ${JSON.stringify(rule?.object)}.`);
    }
  }
  return problems;
}
