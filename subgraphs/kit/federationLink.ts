import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** The Federation 2 spec version the kit links when a schema brings no link of its own. */
export const FEDERATION_URL = 'https://specs.apollo.dev/federation/v2.9';

/** Every directive of the federation spec a domain may use, imported by the kit's default link. */
export const FEDERATION_DIRECTIVES = [
  '@key', '@shareable', '@external', '@requires', '@provides', '@override', '@inaccessible', '@tag',
  '@interfaceObject', '@composeDirective', '@extends', '@authenticated', '@requiresScopes', '@policy',
  '@context', '@fromContext', '@cost', '@listSize',
] as const;

/** Resolves a federation directive to the name this schema uses for it (`@shareable`, an alias, or `@federation__shareable`). */
export type FederationName = (directive: (typeof FEDERATION_DIRECTIVES)[number]) => string;

function findFederationLink(document: DocumentNode): ConstDirectiveNode | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    const link = definition.directives?.find((directive) => {
      const url = directive.arguments?.find((arg) => arg.name.value === 'url')?.value;
      return directive.name.value === 'link' && url?.kind === Kind.STRING && url.value.includes('specs.apollo.dev/federation/');
    });
    if (link) return link;
  }
  return undefined;
}

function importedNames(link: ConstDirectiveNode): Map<string, string> {
  const names = new Map<string, string>();
  const list = link.arguments?.find((arg) => arg.name.value === 'import')?.value;
  if (list?.kind !== Kind.LIST) return names;
  for (const item of list.values) {
    if (item.kind === Kind.STRING) names.set(item.value, item.value);
    if (item.kind === Kind.OBJECT) {
      const field = (name: string) => {
        const value = item.fields.find((f) => f.name.value === name)?.value;
        return value?.kind === Kind.STRING ? value.value : undefined;
      };
      const name = field('name');
      if (name) names.set(name, field('as') ?? name);
    }
  }
  return names;
}

/**
 * Makes sure the document links Federation 2. A schema with its own link keeps
 * it (any version, any imports); one without gets the kit's link importing
 * every directive. Returns the document and how to name directives in it.
 */
export function withFederationLink(document: DocumentNode): { document: DocumentNode; name: FederationName } {
  const link = findFederationLink(document);
  if (link) {
    const names = importedNames(link);
    return { document, name: (directive) => names.get(directive) ?? `@federation__${directive.slice(1)}` };
  }
  const imports = FEDERATION_DIRECTIVES.map((d) => JSON.stringify(d)).join(', ');
  const extension = parse(`extend schema @link(url: "${FEDERATION_URL}", import: [${imports}])`).definitions;
  return { document: { ...document, definitions: [...extension, ...document.definitions] }, name: (directive) => directive };
}
