import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import { productDomain } from '../agreements/index.ts';
import { governs } from '../Consumer.ts';
import type { AccessLog } from '../Governance.ts';
import type { GovernanceContext, GovernanceResolvers } from './GovernanceResolvers.ts';

/** The most records one `accessLog` answers. */
export const MAX_ACCESS_LOG_PAGE = 1_000;

interface AccessLogArgs {
  urn: string;
  from?: string | null;
  to?: string | null;
  consumer?: string | null;
  first: number;
}

const refuse = (code: ErrorCode, message: string): never => {
  throw new GraphQLError(message, { extensions: { code } });
};

/**
 * The resolver of `Query.accessLog` over the audit read back. Only the
 * product's owners (its domain's) and governance read it: an anonymous caller
 * gets `UNAUTHENTICATED`, anyone else `FORBIDDEN` naming who may; a URN that
 * is no data product's, a `from` after `to`, or a `first` out of 1…1,000 is
 * `BAD_USER_INPUT`. It answers once it has read every record appended before
 * the request, so a caller finds what the audit trail appended so far.
 */
export function createAccessLogResolvers(accessLog: AccessLog): GovernanceResolvers {
  return {
    Query: {
      async accessLog(_parent, { urn, from, to, consumer, first }: AccessLogArgs, { consumer: caller }: GovernanceContext) {
        const domain = productDomain(urn);
        if (domain === undefined) return refuse(ErrorCode.BAD_USER_INPUT, `"${urn}" is not the URN of a data product; expected urn:meshgraph:<domain>:<product>:v<major>.`);
        if (!caller) refuse(ErrorCode.UNAUTHENTICATED, `Anonymous callers cannot read the access log of ${urn}: send "Authorization: Bearer <token>" of an owner of domain "${domain}" or of governance.`);
        else if (!governs(caller, domain)) refuse(ErrorCode.FORBIDDEN, `Only the owners of domain "${domain}" and governance read the access log of ${urn}; "${caller.id}" is neither.`);
        if (!Number.isInteger(first) || first < 1 || first > MAX_ACCESS_LOG_PAGE) refuse(ErrorCode.BAD_USER_INPUT, `"first" must be a whole number from 1 to ${MAX_ACCESS_LOG_PAGE}, but is ${first}.`);
        if (from && to && from > to) refuse(ErrorCode.BAD_USER_INPUT, `"from" (${from}) is after "to" (${to}): the range holds no time.`);
        await accessLog.sync();
        return accessLog.accessLog({ urn, first, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(consumer ? { consumer } : {}) });
      },
    },
  };
}
