import { request } from '../graph/request.ts';

/** A field's type as introspection tells it: wrappers (`NON_NULL`, `LIST`) around a named type. */
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedField {
  name: string;
  args: { name: string; defaultValue: string | null; type: { kind: string } }[];
  type: TypeRef;
}

/** One column of the preview: where its value is in an event, below the subscription field. */
export interface StreamColumn {
  /** Response keys from the subscription field down, e.g. `['play', 'country']`. */
  path: string[];
  /** As the table heads it: `play.country`. */
  label: string;
}

/** What the preview of one subscription port asks for and shows. */
export interface StreamShape {
  /** The subscription field, e.g. `episodePlayed`. */
  field: string;
  /** The subscription document: the field's scalar fields, and those of its object fields, one level down. */
  document: string;
  columns: StreamColumn[];
}

/** A port the preview cannot watch: its field is not in the graph, or needs arguments the page cannot fill. */
export class StreamShapeError extends Error {
  override name = 'StreamShapeError';
}

const REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const FIELDS = `name fields { name args { name defaultValue type { kind } } type { ${REF} } }`;

/** The fields of the named types, by name, read with `__type` (one request: each type under an alias). */
async function typeFields(names: readonly string[]): Promise<Map<string, IntrospectedField[]>> {
  const aliases = names.map((name, index) => `t${index}: __type(name: ${JSON.stringify(name)}) { ${FIELDS} }`);
  const data = await request<Record<string, { name: string; fields: IntrospectedField[] | null } | null>>(`query LivePreviewShape { ${aliases.join(' ')} }`);
  return new Map(names.map((name, index) => [name, data[`t${index}`]?.fields ?? []]));
}

const namedType = (ref: TypeRef): TypeRef => (ref.ofType ? namedType(ref.ofType) : ref);
const isLeaf = (ref: TypeRef) => ['SCALAR', 'ENUM'].includes(namedType(ref).kind);
const hasFields = (ref: TypeRef) => ['OBJECT', 'INTERFACE'].includes(namedType(ref).kind);
/** An argument that must be given and has no default: the page has nothing to fill it with. */
const requiredArguments = (field: IntrospectedField) => field.args.filter((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null).map((arg) => arg.name);
const needsArguments = (field: IntrospectedField) => requiredArguments(field).length > 0;

/**
 * Reads from the API schema what a subscription port serves and builds the
 * document that previews it: `coordinate` is the port's field, e.g.
 * `Subscription.episodePlayed`. Fields that need arguments are left out, as
 * are objects below the first level; the subscription field's own optional
 * arguments are left unset.
 */
export async function loadStreamShape(coordinate: string): Promise<StreamShape> {
  const [rootType, field] = coordinate.split('.');
  if (!rootType || !field) throw new StreamShapeError(`The port names "${coordinate}", not a field as Type.field.`);
  const subscription = (await typeFields([rootType])).get(rootType)!.find((f) => f.name === field);
  if (!subscription) throw new StreamShapeError(`The graph has no subscription field "${coordinate}": its domain may not be serving.`);
  if (needsArguments(subscription)) throw new StreamShapeError(`"${coordinate}" needs arguments this page cannot fill (${requiredArguments(subscription).join(', ')}): subscribe with them from a GraphQL client.`);
  const payload = namedType(subscription.type);
  if (!hasFields(payload)) return { field, document: `subscription LivePreview { ${field} }`, columns: [{ path: [], label: field }] };
  const payloadFields = (await typeFields([payload.name!])).get(payload.name!)!.filter((f) => !needsArguments(f));
  const nestedNames = [...new Set(payloadFields.filter((f) => hasFields(f.type)).map((f) => namedType(f.type).name!))];
  const nested = nestedNames.length > 0 ? await typeFields(nestedNames) : new Map<string, IntrospectedField[]>();
  const columns: StreamColumn[] = [];
  const selections: string[] = [];
  for (const top of payloadFields) {
    if (isLeaf(top.type)) {
      columns.push({ path: [top.name], label: top.name });
      selections.push(top.name);
      continue;
    }
    const leaves = (nested.get(namedType(top.type).name!) ?? []).filter((f) => isLeaf(f.type) && !needsArguments(f));
    if (leaves.length === 0) continue;
    columns.push(...leaves.map((leaf) => ({ path: [top.name, leaf.name], label: `${top.name}.${leaf.name}` })));
    selections.push(`${top.name} { ${leaves.map((leaf) => leaf.name).join(' ')} }`);
  }
  return { field, document: `subscription LivePreview { ${field} { ${selections.join(' ')} } }`, columns };
}
