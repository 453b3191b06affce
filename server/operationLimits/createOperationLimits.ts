import { GraphQLError, Lexer, parse, Source, TokenKind, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../../schema/index.ts';
import { measureOperations } from './measureOperations.ts';

/** Options of `createOperationLimits`: the largest operation a server accepts. */
export interface OperationLimitsOptions {
  /** Deepest nesting of fields; introspection fields do not count. @default 15 */
  maxDepth?: number;
  /** Largest estimated cost: each field counts 1, times the sizes of the lists above it. @default 100_000 */
  maxCost?: number;
  /** Most aliased fields, each fragment spread counted as often as it is spread. @default 50 */
  maxAliases?: number;
  /** Most fields at the root of an operation, fragment spreads expanded. @default 30 */
  maxRootFields?: number;
  /** Most tokens of a document (names, punctuation, values). @default 20_000 */
  maxTokens?: number;
  /** Size assumed of a list that no `first` or `last` argument sizes; the domains' default page size. @default 20 */
  defaultListSize?: number;
  /** The schema operations run on, which tells the cost model which fields are lists; without it only `first`/`last` size lists. @default none */
  schema?: () => GraphQLSchema | undefined;
}

/** The limits a server holds every operation to, before validating or planning it. */
export interface OperationLimits {
  /** The limits in force, defaults applied. */
  readonly settings: Readonly<Required<Omit<OperationLimitsOptions, 'schema'>>>;
  /**
   * Checks a request's document in time linear in its size, before anything
   * more expensive (validation, planning, execution) looks at it: the error
   * to answer with when it is over a limit (`QUERY_TOO_DEEP` or
   * `QUERY_TOO_COMPLEX`), else `undefined`. A document that does not parse
   * passes: the server's own parsing reports it as usual.
   */
  check(query: string, variables?: Readonly<Record<string, unknown>> | null): GraphQLError | undefined;
}

/** Default limits of the gateway; a domain's are looser (`DOMAIN_OPERATION_LIMITS` of the kit). */
export const DEFAULT_OPERATION_LIMITS: OperationLimits['settings'] = {
  maxDepth: 15,
  maxCost: 100_000,
  maxAliases: 50,
  maxRootFields: 30,
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
    maxTokens = defaults.maxTokens,
    defaultListSize = defaults.defaultListSize,
    schema,
  } = options;
  const settings = { maxDepth, maxCost, maxAliases, maxRootFields, maxTokens, defaultListSize };
  const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
  // Only documents within the token limit are kept; their measure still depends on the variables.
  const parsed = new LRUCache<string, DocumentNode>({ maxSize: PARSED_TEXT_CHARS, sizeCalculation: (_document, query) => Math.max(1, query.length) });

  return {
    settings,
    check(query, variables) {
      let document = parsed.get(query);
      if (!document) {
        if (!withinTokens(query, maxTokens)) {
          return tooComplex(`The document has more than ${count.format(maxTokens)} tokens, the limit. Send a shorter document: fewer fields, aliases or arguments.`);
        }
        try {
          document = parse(query);
        } catch {
          return undefined;
        }
        parsed.set(query, document);
      }
      const measure = measureOperations(document, { schema: schema?.(), variables, defaultListSize });
      if (measure.depth > maxDepth) {
        return new GraphQLError(`The operation nests ${measure.depth} levels deep; the limit is ${maxDepth}. Split it into shallower operations.`, {
          extensions: { code: ErrorCode.QUERY_TOO_DEEP },
        });
      }
      if (measure.aliases > maxAliases) {
        return tooComplex(`The operation has ${count.format(measure.aliases)} aliases (fragments expanded); the limit is ${maxAliases}. Ask for fewer aliased fields, or split it into several operations.`);
      }
      if (measure.rootFields > maxRootFields) {
        return tooComplex(`The operation selects ${count.format(measure.rootFields)} root fields (fragments expanded); the limit is ${maxRootFields}. Split it into several operations.`);
      }
      if (measure.cost > maxCost) {
        return tooComplex(
          `The operation's estimated cost is ${count.format(measure.cost)} (each field 1, times the page sizes above it, ${defaultListSize} where "first" is not given); ` +
            `the limit is ${count.format(maxCost)}. Ask for smaller pages or fewer nested lists, and page with "after".`,
        );
      }
      return undefined;
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
