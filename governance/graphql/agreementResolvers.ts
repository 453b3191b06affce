import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { AgreementStatus } from '../AccessAgreement.ts';
import { governs } from '../Consumer.ts';
import { AgreementError, productDomain, type LoggedAgreementBook } from '../agreements/index.ts';
import type { MeshPolicy } from '../policy/index.ts';
import type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';

export interface AgreementResolversOptions {
  /** The agreements the mutations change and `accessAgreements` reads. */
  book: LoggedAgreementBook;
  /** The mesh policy, whose purposes `accessPurposes` lists. */
  policy: Pick<MeshPolicy, 'purposes'>;
}

/** Runs a command of the book; a refusal becomes a GraphQL error with its code. */
async function answer<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof AgreementError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
    throw error;
  }
}

/**
 * Resolvers of the access agreements' part of governance's GraphQL API: `me`,
 * `accessPurposes`, `accessAgreements` and the four mutations. The caller is
 * the context's `consumer`; the book checks who may do what, and a consumer
 * lists only its own agreements and those on the domains it owns (all of
 * them for governance).
 */
export function createAgreementResolvers({ book, policy }: AgreementResolversOptions): GovernanceResolvers {
  return {
    Query: {
      me: (_parent, _args, { consumer }: GovernanceContext) => consumer ?? null,
      accessPurposes: () => Object.entries(policy.purposes).map(([name, purpose]) => ({ name, description: purpose.description, pii: purpose.pii })),
      async accessAgreements(_parent, args: { urn?: string | null; consumer?: string | null; status?: AgreementStatus | null }, { consumer: caller }: GovernanceContext) {
        if (!caller) {
          throw new GraphQLError('Anonymous callers have no access agreements: send "Authorization: Bearer <token>" (npx meshgraph token <consumer> prints one for a demo consumer).', {
            extensions: { code: ErrorCode.UNAUTHENTICATED },
          });
        }
        await book.ready;
        return book
          .list({ urn: args.urn ?? undefined, consumer: args.consumer ?? undefined, status: args.status ?? undefined })
          .filter((agreement) => agreement.consumer === caller.id || governs(caller, productDomain(agreement.urn) ?? agreement.urn));
      },
    },
    Mutation: {
      requestAccess: (_parent, args: { urn: string; purpose: string; justification: string; days?: number | null }, { consumer }: GovernanceContext) =>
        answer(() => book.request(consumer, args)),
      approveAccess: (_parent, args: { agreement: string; days?: number | null; reason?: string | null }, { consumer }: GovernanceContext) =>
        answer(() => book.approve(consumer, args.agreement, { days: args.days, reason: args.reason })),
      rejectAccess: (_parent, args: { agreement: string; reason: string }, { consumer }: GovernanceContext) => answer(() => book.reject(consumer, args.agreement, args.reason)),
      revokeAccess: (_parent, args: { agreement: string; reason: string }, { consumer }: GovernanceContext) => answer(() => book.revoke(consumer, args.agreement, args.reason)),
    },
  };
}
