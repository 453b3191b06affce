import {
  assert,
  ERRORS,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  typenameFieldName,
  Variable,
  type CompositeType,
  type EnumType,
  type NamedType,
  type Operation,
  type ScalarType,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
  type VariableDefinitions,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/**
 * An operation's response shape, compiled once per operation: what Apollo's
 * gateway works out again for every response (`computeResponse`: directives
 * looked up, response names, field types, type conditions) is decided here,
 * so shaping a response only walks the data. The semantics are Apollo's, to
 * the error message: the same data, nulls and errors for the same input.
 */
export interface ResponseShape {
  /** The operation's variables, with their defaults. */
  readonly variableDefinitions: VariableDefinitions;
  /** Shapes the merged fetch results as the operation asked for them; `introspect` answers `__schema` and `__type`. */
  shape(input: Record<string, unknown>, variables: Record<string, unknown> | undefined, introspect: (selection: Selection) => unknown): { data: Record<string, unknown> | null; errors: GraphQLError[] };
}

/** A `@skip` or `@include` condition: its constant, or the variable holding it. */
interface Condition {
  skipWhen: boolean;
  constant?: boolean;
  variable?: string;
  /** The directive as written, for the error of a variable that holds no boolean. */
  written: string;
}

type CompiledType =
  | { kind: 'nonNull'; ofType: CompiledType; source: Type }
  | { kind: 'list'; ofType: CompiledType; source: Type }
  | { kind: 'composite'; source: CompositeType }
  | { kind: 'leaf'; source: ScalarType | EnumType };

interface CompiledField {
  kind: 'field';
  conditions: readonly Condition[] | undefined;
  /** The key of the field in the client's response. */
  responseName: string;
  /** Its key in the merged fetch results: an alias the corrections gave it, or the same. */
  inputName: string;
  /** `__schema` or `__type`: answered by introspection. */
  introspection?: Selection;
  isTypename: boolean;
  type: CompiledType;
  selectionSet: CompiledSelectionSet | undefined;
}

interface CompiledFragment {
  kind: 'fragment';
  conditions: readonly Condition[] | undefined;
  typeCondition: CompositeType | undefined;
  selectionSet: CompiledSelectionSet;
  /** Whether the type condition applies, by `__typename` (or parent type when there is none). */
  applies: Map<string, boolean>;
}

type CompiledSelectionSet = readonly (CompiledField | CompiledFragment)[];

/** Shaping state of one response. */
interface ShapeState {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: (selection: Selection) => unknown;
  /** A new object of the response. */
  emptyObject: () => Record<string, unknown>;
  /** What the last `complete` call reports besides its value (set just before it returns; no allocation per value). */
  invalid: boolean;
  errored: boolean;
}

/**
 * Response objects are ordinary objects: V8 gives them a shape per set of
 * keys, where an object without a prototype is a dictionary, several times
 * slower to build, walk and serialize. An operation whose response names
 * include one an ordinary object inherits gets objects without a prototype.
 */
const ordinaryObject = (): Record<string, unknown> => ({});
const nullPrototypeObject = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

const OK = 0;
const NULL_BUBBLE_UP = 1;

/**
 * `responseNames`: the client's response name of each alias the plan's
 * corrections gave a field (buildCorrectedQueryPlan); the response and its
 * error paths use the client's names.
 */
export function compileResponseShape(operation: Operation, responseNames: ReadonlyMap<string, string> = new Map()): ResponseShape {
  const schema = operation.schema();
  const skip = schema.skipDirective();
  const include = schema.includeDirective();
  const defaulted = operation.collectDefaultedVariableValues();
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;

  const conditionsOf = (selection: Selection): Condition[] | undefined => {
    const conditions: Condition[] = [];
    for (const [directive, skipWhen] of [
      [skip, true],
      [include, false],
    ] as const) {
      const applied = selection.element.appliedDirectivesOf(directive)[0];
      if (!applied) continue;
      const value = applied.arguments()['if'] as unknown;
      const written = String(applied);
      conditions.push(value instanceof Variable ? { skipWhen, variable: value.name, written } : { skipWhen, constant: value as boolean, written });
    }
    return conditions.length ? conditions : undefined;
  };

  const compileType = (type: Type): CompiledType => {
    if (isNonNullType(type)) return { kind: 'nonNull', ofType: compileType(type.ofType), source: type };
    if (isListType(type)) return { kind: 'list', ofType: compileType(type.ofType), source: type };
    if (isCompositeType(type)) return { kind: 'composite', source: type };
    return { kind: 'leaf', source: type as ScalarType | EnumType };
  };

  // A response name an ordinary object inherits (`constructor`, `__proto__`…) would read as present, or set its prototype.
  let inheritedName = false;
  const compileSelectionSet = (selectionSet: SelectionSet): CompiledSelectionSet =>
    selectionSet.selections().map((selection): CompiledField | CompiledFragment => {
      const conditions = conditionsOf(selection);
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        const inputName = field.responseName();
        const responseName = responseNames.get(inputName) ?? inputName;
        inheritedName ||= responseName in Object.prototype;
        return {
          kind: 'field',
          conditions,
          responseName,
          inputName,
          ...(field.definition.isSchemaIntrospectionField() ? { introspection: selection } : {}),
          isTypename: field.name === typenameFieldName,
          type: compileType(field.definition.type!),
          selectionSet: selection.selectionSet ? compileSelectionSet(selection.selectionSet) : undefined,
        };
      }
      return { kind: 'fragment', conditions, typeCondition: selection.element.typeCondition, selectionSet: compileSelectionSet(selection.selectionSet), applies: new Map() };
    });

  const root = compileSelectionSet(operation.selectionSet);
  const emptyObject = inheritedName ? nullPrototypeObject : ordinaryObject;

  return {
    variableDefinitions: operation.variableDefinitions,
    shape(input, variables, introspect) {
      const state: ShapeState = { schema, variables: { __proto__: null, ...defaulted, ...variables } as Record<string, unknown>, errors: [], introspect, emptyObject, invalid: false, errored: false };
      const data = emptyObject();
      const result = applySelectionSet(input, root, data, state, [], rootType);
      return { data: result === NULL_BUBBLE_UP ? null : data, errors: state.errors };
    },
  };
}

function skipped(conditions: readonly Condition[] | undefined, variables: Record<string, unknown>): boolean {
  if (!conditions) return false;
  for (const { skipWhen, constant, variable, written } of conditions) {
    let value = constant;
    if (variable !== undefined) {
      const given = variables[variable];
      assert(given !== undefined && typeof given === 'boolean', () => `Unexpected value ${String(given)} for variable $${variable} of ${written}`);
      value = given;
    }
    if (value === skipWhen) return true;
  }
  return false;
}

function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function typeConditionApplies(fragment: CompiledFragment, schema: Schema, typename: string | undefined, parentType: CompositeType): boolean {
  const { typeCondition } = fragment;
  if (!typeCondition) return true;
  const key = typename ? `t${typename}` : `p${parentType.name}`;
  let applies = fragment.applies.get(key);
  if (applies === undefined) {
    if (typename) {
      const type = schema.type(typename);
      applies = !!type && isSubtype(typeCondition, type);
    } else applies = isSubtype(typeCondition, parentType);
    fragment.applies.set(key, applies);
  }
  return applies;
}

function applySelectionSet(input: Record<string, unknown>, selections: CompiledSelectionSet, output: Record<string, unknown>, state: ShapeState, path: (string | number)[], parentType: CompositeType): number {
  for (const selection of selections) {
    if (skipped(selection.conditions, state.variables)) continue;
    if (selection.kind === 'field') {
      const { responseName, inputName } = selection;
      const outputValue = output[responseName];
      if (selection.introspection) {
        if (outputValue === undefined) output[responseName] = state.introspect(selection.introspection);
        continue;
      }
      let inputValue = ownValue(input, inputName) ?? null;
      if (selection.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && inputName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type: NamedType = (typeof inputValue === 'string' ? state.schema.type(inputValue) : undefined) ?? parentType;
          if (!isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      output[responseName] = complete(outputValue, selection.type, inputValue, selection.selectionSet, path, state, parentType);
      path.pop();
      if (state.invalid) return NULL_BUBBLE_UP;
    } else {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(selection, state.schema, typename as string | undefined, parentType)) {
        if (applySelectionSet(input, selection.selectionSet, output, state, path, selection.typeCondition ?? parentType) === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

function describeLast(path: readonly (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

/**
 * Apollo's `updateOutputValue`: the value completed, with `state.invalid`
 * and `state.errored` set as it reports them. Its failed assertions throw
 * the errors Apollo's `assert` throws, their message built only then (not a
 * closure per value).
 */
function complete(outputValue: unknown, type: CompiledType, inputValue: unknown, selectionSet: CompiledSelectionSet | undefined, path: (string | number)[], state: ShapeState, parentType: CompositeType): unknown {
  assert(inputValue !== undefined, 'Should not pass undefined for `inputValue` to this method');
  state.invalid = false;
  state.errored = false;
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) return outputValue;
  switch (type.kind) {
    case 'nonNull': {
      const updated = complete(outputValue, type.ofType, inputValue, selectionSet, path, state, parentType);
      if (updated === null) {
        if (!state.errored) state.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(path, type.ofType.source, parentType)}.`, { path: Array.from(path) }));
        state.invalid = true;
        state.errored = true;
        return null;
      }
      state.invalid = false;
      state.errored = false;
      return updated;
    }
    case 'list': {
      if (inputValue === null) return null;
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${type.source}`);
      if (outputValue !== undefined && !Array.isArray(outputValue)) throw new Error(`Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${type.source}`);
      const outputList = outputValue as unknown[] | undefined;
      if (outputList !== undefined && inputValue.length !== outputList.length) throw new Error(`[${String(inputValue)}].length (${inputValue.length}) !== [${String(outputList)}].length (${outputList!.length})`);
      let nullify = false;
      let errored = false;
      const updated = new Array<unknown>(inputValue.length);
      for (let index = 0; index < inputValue.length; index++) {
        path.push(index);
        updated[index] = complete(outputList?.[index], type.ofType, inputValue[index], selectionSet, path, state, parentType);
        path.pop();
        nullify ||= state.invalid;
        errored ||= state.errored;
      }
      state.invalid = false;
      state.errored = errored;
      return nullify ? null : updated;
    }
    case 'composite': {
      if (inputValue === null) return null;
      if (!selectionSet) throw new Error(`Invalid empty selection set for composite type ${type.source}`);
      if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.source}`);
      if (outputValue !== undefined && typeof outputValue !== 'object') throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.source}`);
      const input = inputValue as Record<string, unknown>;
      const inputTypename = input[typenameFieldName];
      if (inputTypename !== undefined && typeof inputTypename !== 'string') throw new Error(`Invalid non-string value ${String(inputTypename)} for __typename at ${path.join(',')}`);
      let objectType: CompositeType = type.source;
      if (inputTypename) {
        const named = state.schema.type(inputTypename);
        if (!named || !isCompositeType(named)) {
          state.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(path, type.source, parentType)}.`, { path: Array.from(path) }));
          state.errored = true;
          return null;
        }
        objectType = named;
      }
      const output = (outputValue ?? state.emptyObject()) as Record<string, unknown>;
      const bubbled = applySelectionSet(input, selectionSet, output, state, path, objectType) === NULL_BUBBLE_UP;
      state.invalid = false;
      state.errored = bubbled;
      return bubbled ? null : output;
    }
    case 'leaf': {
      if (inputValue === null) return null;
      if (outputValue !== undefined) throw new Error(`Excepted output to be undefined but got ${type.source} for type ${type.source}`);
      const valid = isValidLeafValue(state.schema, inputValue, type.source);
      if (!valid) state.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type.source, parentType)}.`, { path: Array.from(path) }));
      state.errored = !valid;
      return valid ? inputValue : null;
    }
  }
}
