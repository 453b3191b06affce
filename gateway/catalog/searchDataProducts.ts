import type { DataProductDescriptor, DataProductKind, DataProductStatus, InputPort, OutputPort } from '../../schema/index.ts';

/** What an analyst asks the mesh catalog for; every part is optional and the parts combine with AND. */
export interface DataProductSearch {
  /** Free text, ranked, e.g. `how much did artists earn`; empty (or only stop words) lists without ranking. */
  search?: string | null;
  /** Exact domain name, e.g. `artists`. */
  domain?: string | null;
  /** Exact kind. */
  kind?: DataProductKind | null;
  /** One of the product's tags, case-insensitive. */
  tag?: string | null;
  /** Exact status (the catalog passes descriptors with their effective status). */
  status?: DataProductStatus | null;
}

/** One data product the search found, and why. */
export interface DataProductMatch {
  descriptor: DataProductDescriptor;
  /** Relevance to `search`, higher is better; comparable only within one answer; 0 without `search`. */
  score: number;
  /** Where the words matched, strongest first, e.g. `['name', 'tags', 'field Play.secondsPlayed']`; empty without `search`. */
  matchedIn: string[];
}

/**
 * How much a word counts where it occurs: identity and tags first, then what
 * the product is for, then how it is served, then the schema. Limitations come
 * low because they say what a product is *not* ("a skip earns no royalty").
 */
const WEIGHTS = {
  name: 10,
  tags: 8,
  purpose: 6,
  usage: 5,
  domain: 5,
  outputPort: 4,
  typeName: 3,
  fieldName: 2,
  inputPort: 1,
  limitations: 1,
  schemaDescription: 1,
} as const;

/** A synonym counts this much of the word itself. */
const SYNONYM_DISCOUNT = 0.8;
/** Distinct words of a search beyond these are ignored; bounds the work of one request. */
const MAX_SEARCH_WORDS = 32;

const STOP_WORDS = new Set(
  ('a an and any are as at be been by can could did do does each for from get had has have how i in into is it its me ' +
    'many much my of on or our per so than that the their them there these they this those to was we were what when ' +
    'where which who whom why will with would you your').split(' '),
);

/** Verbs that open a request ("show me…", "list…") rather than name data; "show" is also a podcast show elsewhere. */
const LEADING_REQUESTS = new Set(['show', 'list', 'find', 'give', 'get', 'tell']);

/**
 * Analysts' words the descriptors do not use, to the descriptors' words.
 * Kept small on purpose: each entry must name a word real questions use.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  money: ['royalty', 'amount', 'earnings'],
  revenue: ['royalty', 'earnings'],
  income: ['royalty', 'earnings'],
  paid: ['pay', 'payout', 'royalty'],
  payment: ['payout', 'royalty'],
  user: ['listener'],
  audience: ['listener'],
  subscriber: ['listener'],
};

/** `SYNONYMS` by stem, so inflected questions ("users", "payments") find them. */
const SYNONYM_STEMS = new Map(Object.entries(SYNONYMS).map(([word, others]) => [stem(word), others.map(stem)]));

/**
 * Orders and filters data product descriptors for the catalog's
 * `dataProducts(search, domain, kind, tag)`. Without `search`: every product
 * that passes the filters, by domain then name, with score 0. With `search`:
 * only products that match at least one of its words, best first, ties by
 * domain then name. A word scores the weight of the strongest place it occurs
 * in (name, tags, purpose, usage, domain, output ports, type and field names,
 * input ports, limitations, schema descriptions), times its rarity across
 * `descriptors` (BM25 IDF, so `id` or `recordedAt` count little); a product
 * scores the sum over the distinct words of the search, so matching more of
 * them beats repeating one. Words are compared by stem (`plays`, `played`,
 * `player` → `play`). Pure: builds its index per call, which is cheap for
 * hundreds of products.
 */
export function searchDataProducts(descriptors: readonly DataProductDescriptor[], query: DataProductSearch): DataProductMatch[] {
  const filtered = descriptors.filter(passesFilters(query));
  const terms = queryTerms(query.search ?? '');
  if (terms.length === 0) {
    return filtered.map((descriptor) => ({ descriptor, score: 0, matchedIn: [] })).sort(byDomainAndName);
  }
  // Rarity is measured over the whole catalog, so a filter never changes a product's score.
  const indexes = new Map(descriptors.map((d) => [d, indexProduct(d)]));
  const documentFrequency = (word: string) => [...indexes.values()].filter((index) => index.has(word)).length;
  const idf = memoize((word: string) => {
    const n = documentFrequency(word);
    return Math.log(1 + (descriptors.length - n + 0.5) / (n + 0.5));
  });
  const alternatives = (term: string): [word: string, discount: number][] => [
    [term, 1],
    ...(SYNONYM_STEMS.get(term) ?? []).map((word): [string, number] => [word, SYNONYM_DISCOUNT]),
  ];

  const matches: DataProductMatch[] = [];
  for (const descriptor of filtered) {
    const index = indexes.get(descriptor)!;
    const places = new Map<string, number>();
    let total = 0;
    for (const term of terms) {
      let best = 0;
      for (const [word, discount] of alternatives(term)) {
        const at = index.get(word);
        if (!at) continue;
        best = Math.max(best, Math.max(...at.values()) * discount * idf(word));
        for (const [label, weight] of at) places.set(label, Math.max(places.get(label) ?? 0, weight * discount));
      }
      total += best;
    }
    if (total === 0) continue;
    // Rounded before sorting, so the order shown and the scores shown agree.
    const score = Math.round(total * 1000) / 1000;
    const matchedIn = [...places].sort(([, x], [, y]) => y - x).map(([label]) => label);
    matches.push({ descriptor, score, matchedIn });
  }
  return matches.sort((x, y) => y.score - x.score || byDomainAndName(x, y));
}

/**
 * The words of a text as the search compares them: split on anything but
 * letters and digits and between camelCase parts (`secondsPlayed` → seconds,
 * played), lower-cased, stop words and one-letter words dropped, stemmed.
 */
export function searchWords(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map(stem);
}

/**
 * A light suffix stemmer for English catalog words, so inflections meet:
 * plurals (`royalties` → royalty, `episodes` → episode), `-ing` and `-ed`
 * (`playing`, `played` → play), the agent `-er` (`listener` → listen) and a
 * final silent `e` (`episode` → episod). Stems need not be words; the same
 * function runs on questions and descriptors, so only agreement matters.
 * Short words and words with digits stay as they are.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith('ing') && hasVowel(w.slice(0, -3)) && w.length - 3 >= 3) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  // Not after `e`: need, speed.
  else if (/[^e]ed$/.test(w) && hasVowel(w.slice(0, -2)) && w.length - 2 >= 3) w = undouble(w.slice(0, -2));

  // At least four letters stay, so user, owner, water keep their -er.
  if (w.endsWith('er') && w.length - 2 >= 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

function hasVowel(text: string): boolean {
  return /[aeiouy]/.test(text);
}

/** `skipp` → skip, `occurr` → occur; not `ll`, `ss`, `zz` (install, process). */
function undouble(w: string): string {
  return w.length >= 4 && /([b-df-hj-km-np-rtv-y])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** The distinct stems of a search, without a leading request verb ("show me …"). */
function queryTerms(search: string): string[] {
  const words = search.trim().split(/\s+/);
  if (words.length > 1 && LEADING_REQUESTS.has(words[0]!.toLowerCase())) words.shift();
  return [...new Set(searchWords(words.join(' ')))].slice(0, MAX_SEARCH_WORDS);
}

/** For each stem of the product: the places it occurs, with the weight of each. */
type ProductIndex = Map<string, Map<string, number>>;

function indexProduct(d: DataProductDescriptor): ProductIndex {
  const index: ProductIndex = new Map();
  const add = (label: string, weight: number, ...texts: (string | undefined)[]) => {
    for (const text of texts) {
      for (const word of searchWords(text ?? '')) {
        const places = index.get(word) ?? new Map<string, number>();
        places.set(label, Math.max(places.get(label) ?? 0, weight));
        index.set(word, places);
      }
    }
  };
  add('name', WEIGHTS.name, d.name);
  add('tags', WEIGHTS.tags, ...d.tags);
  add('purpose', WEIGHTS.purpose, d.description.purpose);
  add('usage', WEIGHTS.usage, d.description.usage);
  add('domain', WEIGHTS.domain, d.domain);
  for (const port of d.outputPorts) {
    const address = outputAddress(port);
    add(`output port ${address}`, WEIGHTS.outputPort, port.name, address, port.description);
  }
  for (const type of d.schema) {
    add(`type ${type.name}`, WEIGHTS.typeName, type.name);
    add(`type ${type.name}`, WEIGHTS.schemaDescription, type.description);
    for (const field of type.fields) {
      add(`field ${type.name}.${field.name}`, WEIGHTS.fieldName, field.name);
      add(`field ${type.name}.${field.name}`, WEIGHTS.schemaDescription, field.description);
    }
  }
  for (const port of d.inputPorts) add(`input port ${port.name}`, WEIGHTS.inputPort, port.name, inputAddress(port), port.description);
  add('limitations', WEIGHTS.limitations, d.description.limitations);
  return index;
}

function outputAddress(port: OutputPort): string {
  switch (port.kind) {
    case 'query':
    case 'subscription':
      return port.field;
    case 'topic':
      return port.topic;
    default: {
      const unexpected: never = port;
      throw new TypeError(`Unknown output port kind in ${JSON.stringify(unexpected)}; expected query, subscription or topic.`);
    }
  }
}

function inputAddress(port: InputPort): string {
  switch (port.kind) {
    case 'dataProduct':
      return port.urn;
    case 'topic':
      return port.topic;
    case 'source':
      return port.system;
    default: {
      const unexpected: never = port;
      throw new TypeError(`Unknown input port kind in ${JSON.stringify(unexpected)}; expected dataProduct, topic or source.`);
    }
  }
}

/** Blank filters count as absent, as a form's empty field means "any". */
function passesFilters({ domain, kind, tag, status }: DataProductSearch): (d: DataProductDescriptor) => boolean {
  const wantedTag = tag?.trim() ? tag.toLowerCase() : undefined;
  return (d) =>
    (!domain?.trim() || d.domain === domain) &&
    (!kind || d.kind === kind) &&
    (!status || d.status === status) &&
    (wantedTag === undefined || d.tags.some((t) => t.toLowerCase() === wantedTag));
}

function byDomainAndName(x: DataProductMatch, y: DataProductMatch): number {
  const a = x.descriptor;
  const b = y.descriptor;
  return compareText(a.domain, b.domain) || compareText(a.name, b.name);
}

/** Code-unit order, the same on every machine (names are lower-case kebab-case). */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function memoize<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}
