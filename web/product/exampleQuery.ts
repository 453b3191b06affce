import { request } from '../graph/request.ts';
import type { ProductDetails } from './productQueries.ts';

/** A type as introspection names it, wrappers (`NON_NULL`, `LIST`) outside in. */
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

/** A field as introspection describes it: its arguments and what it returns. */
interface FieldShape {
  name: string;
  args: { name: string; type: TypeRef; defaultValue: string | null }[];
  type: TypeRef;
}

const TYPE_FIELDS = /* GraphQL */ `
  query ExampleQueryType($name: String!) {
    __type(name: $name) {
      fields { name args { name defaultValue type { ...TypeRef } } type { ...TypeRef } }
    }
  }
  fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
`;

/** How many rows the example asks for, when its field pages (`first`). */
export const EXAMPLE_ROWS = 5;
/** How many fields of each row the example selects. */
const EXAMPLE_FIELDS = 4;
/** Classifications, least guarded first: the example shows what most viewers may see; personal data never. */
const CLASSIFICATION_ORDER = ['public', 'internal', 'confidential'];

/**
 * An operation that runs against one of the product's query output ports:
 * the port's field (one that pages, or needs no argument, preferred), with
 * `first: 5` when it pages, through a connection's `edges { node }`, and a
 * few leaf fields of the rows, least guarded first, never personal data.
 * The ports name only their field (`Query.plays`): its arguments and the
 * shape of what it returns come from the graph's introspection, asked as
 * any client asks. Resolves with undefined when the product has no query port.
 */
export async function exampleQueryFor(product: Pick<ProductDetails, 'name' | 'outputPorts' | 'schema'>, signal?: AbortSignal): Promise<string | undefined> {
  const fieldsOf = async (type: string) => (await request<{ __type: { fields: FieldShape[] | null } | null }>(TYPE_FIELDS, { name: type }, signal)).__type?.fields ?? [];
  const ports = product.outputPorts.flatMap((port) => (port.kind === 'query' && port.field?.startsWith('Query.') ? [port.field.slice('Query.'.length)] : []));
  if (ports.length === 0) return undefined;
  const queryFields = await fieldsOf('Query');
  const field = ports
    .flatMap((name) => queryFields.filter((candidate) => candidate.name === name))
    .sort((a, b) => preference(a) - preference(b))[0];
  if (!field) return undefined;
  const name = `${pascalCase(product.name)}Example`;
  if (isLeaf(field.type)) return printOperation(name, `${field.name}${printArgs(field)}`, [], []);
  let rowType = namedType(field.type);
  const path: string[] = [];
  let rowFields = await fieldsOf(rowType.name!);
  const edges = rowFields.find((f) => f.name === 'edges');
  if (edges) {
    const node = (await fieldsOf(namedType(edges.type).name!)).find((f) => f.name === 'node');
    if (node) {
      path.push('edges', 'node');
      rowType = namedType(node.type);
      rowFields = await fieldsOf(rowType.name!);
    }
  }
  const described = product.schema.find((type) => type.name === rowType.name)?.fields ?? [];
  const rank = (name: string) => {
    const classification = described.find((f) => f.name === name)?.classification ?? 'internal';
    return classification === 'pii' ? -1 : CLASSIFICATION_ORDER.indexOf(classification);
  };
  const leaves = rowFields
    .filter((f) => isLeaf(f.type) && requiredArgs(f).length === 0 && rank(f.name) >= 0)
    .sort((a, b) => rank(a.name) - rank(b.name))
    .slice(0, EXAMPLE_FIELDS)
    .map((f) => f.name);
  return printOperation(name, `${field.name}${printArgs(field)}`, path, leaves.length ? leaves : ['__typename']);
}

/** Lower is better: a field without required arguments, and one that pages, comes first. */
const preference = (field: FieldShape) => (requiredArgs(field).length > 0 ? 2 : 0) + (field.args.some((arg) => arg.name === 'first') ? 0 : 1);

const requiredArgs = (field: FieldShape) => field.args.filter((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null);

function namedType(type: TypeRef): TypeRef {
  let named = type;
  while (named.ofType) named = named.ofType;
  return named;
}

const isLeaf = (type: TypeRef) => ['SCALAR', 'ENUM'].includes(namedType(type).kind);

/** `(first: 5)` for a field that pages, and a placeholder for each argument it requires, to be filled in the IDE. */
function printArgs(field: FieldShape): string {
  const args = [
    ...(field.args.some((arg) => arg.name === 'first') ? [`first: ${EXAMPLE_ROWS}`] : []),
    ...requiredArgs(field).map((arg) => `${arg.name}: ${placeholder(namedType(arg.type).name)}`),
  ];
  return args.length ? `(${args.join(', ')})` : '';
}

const placeholder = (type: string | null) => (type === 'Int' || type === 'Float' ? '1' : type === 'Boolean' ? 'true' : '"…"');

/** The operation, indented as GraphiQL prettifies it: `root`, then each step of `path` opened, and the leaves inside (none: `root` is a leaf itself). */
function printOperation(name: string, root: string, path: readonly string[], leaves: readonly string[]): string {
  const indent = (depth: number) => '  '.repeat(depth);
  if (leaves.length === 0) return `query ${name} {\n${indent(1)}${root}\n}`;
  const steps = [root, ...path];
  return [
    `query ${name} {`,
    ...steps.map((step, depth) => `${indent(depth + 1)}${step} {`),
    ...leaves.map((leaf) => `${indent(steps.length + 1)}${leaf}`),
    ...steps.map((_step, depth) => `${indent(steps.length - depth)}}`),
    '}',
  ].join('\n');
}

const pascalCase = (name: string) => name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_match, _gap, letter: string) => letter.toUpperCase());
