import { GraphQLError, Lexer, parse, Source, TokenKind, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../../schema/index.ts';
import { compileActualCost, measureActualCost } from './measureActualCost.ts';
import { memoPerDocument } from './memoPerDocument.ts';
import { measureOperations, type OperationMeasure } from './measureOperations.ts';
import type { CostDirectives } from './readCostDirectives.ts';

/** Options of `createOperationLimits`: the largest operation a server accepts. */
export interface OperationLimitsOptions {
  /** Deepest nesting of fields; introspection fields do not count. @default 15 */
  maxDepth?: number;
  /** Largest estimated cost (IBM cost directives: `@cost`, `@listSize`; see `measureOperations`); over it, `COST_ESTIMATED_TOO_EXPENSIVE`. @default 100_000 */
  maxCost?: number;
  /** Most aliased fields, each fragment spread counted as often as it is spread. @default 50 */
  maxAliases?: number;
  /** Most fields at the root of an operation, fragments expanded. @default 30 */
  maxRootFields?: number;
  /** Most fields at any depth, fragments expanded. @default 1_000 */
  maxFields?: number;
  /** Most tokens of a document (names, punctuation, values). @default 20_000 */
  maxTokens?: number;
  /** Size assumed of a list that no slicing argument or `@listSize(assumedSize)` sizes; the domains' default page size. @default 20 */
  defaultListSize?: number;
  /** The schema operations run on, which tells the cost model which fields are lists and objects. @default none */
  schema?: () => GraphQLSchema | undefined;
  /** The schema's `@cost` and `@listSize` directives (`readCostDirectives` of its SDL or supergraph). @default none: objects 1, leaves 0, lists `defaultListSize` */
  costDirectives?: () => CostDirectives | undefined;
  /** Called with each operation's estimated cost, and whether it was refused for it (e.g. for a histogram). @default none */
  onEstimate?: (cost: number, refused: boolean) => void;
}

/** What limits make of a request's document: the error to answer with when it is over a limit, and its estimated cost when it got that far. */
export interface OperationAssessment {
  refusal: GraphQLError | undefined;
  /** The estimate of its costliest operation; 0 when it was refused before it was estimated, or does not parse. */
  estimatedCost: number;
}

/** The limits a server holds every operation to, before validating or planning it. */
export interface OperationLimits {
  /** The limits in force, defaults applied. */
  readonly settings: Readonly<Required<Omit<OperationLimitsOptions, 'schema' | 'costDirectives' | 'onEstimate'>>>;
  /**
   * Checks a request's document in time linear in its size, before anything
   * more expensive (validation, planning, execution) looks at it: the error
   * to answer with when it is over a limit (`QUERY_TOO_DEEP`,
   * `QUERY_TOO_COMPLEX`, `COST_ESTIMATED_TOO_EXPENSIVE`), and its estimated
   * cost. A document that does not parse passes: the server's own parsing
   * reports it as usual.
   */
  assess(query: string, variables?: Readonly<Record<string, unknown>> | null): OperationAssessment;
  /** `assess`'s refusal alone. */
  check(query: string, variables?: Readonly<Record<string, unknown>> | null): GraphQLError | undefined;
  /** The actual cost of an operation's result, by the same weights as the estimate (`measureActualCost`); 0 without a schema. */
  actualCost(document: DocumentNode, data: Readonly<Record<string, unknown>>, variables?: Readonly<Record<string, unknown>> | null, operationName?: string | null): number;
}

/** Default limits of the gateway; a domain's are looser (`DOMAIN_OPERATION_LIMITS` of the kit). */
export const DEFAULT_OPERATION_LIMITS: OperationLimits['settings'] = {
  maxDepth: 15,
  maxCost: 100_000,
  maxAliases: 50,
  maxRootFields: 30,
  maxFields: 1_000,
  maxTokens: 20_000,
  defaultListSize: 20,
};

const count = new Intl.NumberFormat('en');
/** Text of the documents whose parse is kept, in characters: clients send the same few operations over and over. */
const PARSED_TEXT_CHARS = 1024 * 1024;

/**
 * Creates the operation limits of a server (the gateway and every domain
 * hold operations to them, over HTTP and WebSocket), so that no document,
 * however crafted, costs the server more than reading it before it is
 * refused: a fragment chain whose expansion doubles at each fragment, five
 * nested lists of 500, a thousand aliases of one field. Each limit not
 * given is the one of `defaults`.
 */
export function createOperationLimits(options: OperationLimitsOptions = {}, defaults: OperationLimits['settings'] = DEFAULT_OPERATION_LIMITS): OperationLimits {
  const {
    maxDepth = defaults.maxDepth,
    maxCost = defaults.maxCost,
    maxAliases = defaults.maxAliases,
    maxRootFields = defaults.maxRootFields,
    maxFields = defaults.maxFields,
    maxTokens = defaults.maxTokens,
    defaultListSize = defaults.defaultListSize,
    schema,
    costDirectives,
    onEstimate,
  } = options;
  const settings = { maxDepth, maxCost, maxAliases, maxRootFields, maxFields, maxTokens, defaultListSize };
  const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
  // Only documents within the token limit are kept; their measure still depends on the variables.
  const parsed = new LRUCache<string, DocumentNode>({ maxSize: PARSED_TEXT_CHARS, sizeCalculation: (_document, query) => Math.max(1, query.length) });
  // A document sent without variables measures the same each time, on the same schema and weights: measured once (its estimate, and its actual cost's walk per operation).
  const measuredWithoutVariables = memoPerDocument<OperationMeasure>();
  const actualCostsWithoutVariables = memoPerDocument<(data: Readonly<Record<string, unknown>>) => number>();
  const measureOf = (document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): OperationMeasure => {
    const options = { schema: schema?.(), costDirectives: costDirectives?.(), variables, defaultListSize };
    if (variables && Object.keys(variables).length > 0) return measureOperations(document, options);
    return measuredWithoutVariables(document, options, '', () => measureOperations(document, options));
  };
  const passed = (estimatedCost = 0): OperationAssessment => ({ refusal: undefined, estimatedCost });
  const refused = (refusal: GraphQLError, estimatedCost = 0): OperationAssessment => ({ refusal, estimatedCost });

  const assess = (query: string, variables?: Readonly<Record<string, unknown>> | null): OperationAssessment => {
    let document = parsed.get(query);
    if (!document) {
      if (!withinTokens(query, maxTokens)) {
        return refused(tooComplex(`The document has more than ${count.format(maxTokens)} tokens, the limit. Send a shorter document: fewer fields, aliases or arguments.`));
      }
      try {
        document = parse(query);
      } catch {
        return passed();
      }
      parsed.set(query, document);
    }
    const measure = measureOf(document, variables);
    if (measure.depth > maxDepth) {
      return refused(
        new GraphQLError(`The operation nests ${measure.depth} levels deep; the limit is ${maxDepth}. Split it into shallower operations.`, {
          extensions: { code: ErrorCode.QUERY_TOO_DEEP },
        }),
      );
    }
    if (measure.aliases > maxAliases) {
      return refused(tooComplex(`The operation has ${count.format(measure.aliases)} aliases (fragments expanded); the limit is ${maxAliases}. Ask for fewer aliased fields, or split it into several operations.`));
    }
    if (measure.rootFields > maxRootFields) {
      return refused(tooComplex(`The operation selects ${count.format(measure.rootFields)} root fields (fragments expanded); the limit is ${maxRootFields}. Split it into several operations.`));
    }
    if (measure.fields > maxFields) {
      return refused(tooComplex(`The operation selects ${count.format(measure.fields)} fields (fragments expanded); the limit is ${count.format(maxFields)}. Ask for fewer fields, or split it into several operations.`));
    }
    if (measure.costError) return refused(measure.costError);
    const estimatedCost = measure.cost;
    const tooExpensive = estimatedCost > maxCost;
    onEstimate?.(estimatedCost, tooExpensive);
    if (tooExpensive) {
      return refused(
        new GraphQLError(
          `The operation's estimated cost is ${count.format(estimatedCost)}; the limit is ${count.format(maxCost)}. ` +
            `Each object counts 1 (or its @cost weight), times the list sizes above it: a page's "first", else its @listSize, else ${defaultListSize}. ` +
            'Ask for smaller pages or fewer nested lists, and page with "after".',
          { extensions: { code: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, estimatedCost, maxCost } },
        ),
        estimatedCost,
      );
    }
    return passed(estimatedCost);
  };

  return {
    settings,
    assess,
    check: (query, variables) => assess(query, variables).refusal,
    actualCost(document, data, variables, operationName) {
      const current = schema?.();
      if (!current) return 0;
      const options = { schema: current, costDirectives: costDirectives?.(), variables, operationName };
      if (variables && Object.keys(variables).length > 0) return measureActualCost(document, data, options);
      return actualCostsWithoutVariables(document, options, operationName ?? '', () => compileActualCost(document, options))(data);
    },
  };
}

/** Whether `query` has at most `maxTokens` tokens; stops counting past the limit. Text that does not lex passes (parsing reports it). */
function withinTokens(query: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let tokens = 0; lexer.advance().kind !== TokenKind.EOF; tokens++) {
      if (tokens >= maxTokens) return false;
    }
  } catch {
    return true;
  }
  return true;
}
