import { randomUUID } from 'node:crypto';
import { ErrorCode } from './protocol/errorCodes.ts';

/** Kafka's group states, by the names DescribeGroups answers with. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A protocol (partition assigner) a member supports, with its subscription metadata. */
export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

/** What JoinGroup carries. An empty `memberId` asks for a new member. */
export interface JoinRequest {
  memberId: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
}

/** What JoinGroup answers; only the leader gets `members`. */
export interface JoinResponse {
  errorCode: ErrorCode;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; metadata: Buffer }[];
}

/** What SyncGroup answers. */
export interface SyncResponse {
  errorCode: ErrorCode;
  assignment: Buffer;
}

/** A member as DescribeGroups shows it. */
export interface MemberDescription {
  memberId: string;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

interface Member {
  id: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  awaitingJoin?: ((response: JoinResponse) => void) | undefined;
  awaitingSync?: ((response: SyncResponse) => void) | undefined;
  sessionTimer?: NodeJS.Timeout | undefined;
}

const EMPTY = Buffer.alloc(0);

/** A JoinGroup answer that carries only an error. */
export function joinFailure(errorCode: ErrorCode, memberId: string): JoinResponse {
  return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] };
}

/**
 * The membership of one consumer group, as Kafka's group coordinator runs it:
 * a join moves the group to PreparingRebalance; the JoinGroup answers wait
 * until every known member has rejoined (or was dropped when the rebalance
 * timeout or its session timeout ran out); then the generation goes up, the
 * leader gets the member list, and its SyncGroup hands out the assignment.
 * Members that are not rejoining learn of a rebalance from Heartbeat's
 * REBALANCE_IN_PROGRESS.
 */
export class ConsumerGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly #members = new Map<string, Member>();
  #rebalanceTimer: NodeJS.Timeout | undefined;

  constructor(readonly groupId: string) {}

  get size(): number {
    return this.#members.size;
  }

  join(request: JoinRequest): Promise<JoinResponse> {
    const fail = (errorCode: ErrorCode) => Promise.resolve(joinFailure(errorCode, request.memberId));
    if (request.memberId !== '' && !this.#members.has(request.memberId)) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (this.#members.size > 0 && request.protocolType !== this.protocolType) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const names = new Set(request.protocols.map((p) => p.name));
    if (names.size === 0 || (this.#members.size > 0 && ![...this.#commonProtocols()].some((name) => names.has(name)))) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    const member = this.#members.get(request.memberId) ?? this.#addMember(request.clientId);
    member.clientHost = request.clientHost;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    member.protocols = request.protocols;
    this.protocolType = request.protocolType;
    // A member rejoining over a new connection replaces its earlier, unanswered join.
    member.awaitingJoin?.(joinFailure(ErrorCode.REBALANCE_IN_PROGRESS, member.id));
    return new Promise((resolve) => {
      member.awaitingJoin = resolve;
      clearTimeout(member.sessionTimer); // a member waiting for its JoinGroup answer is alive
      if (this.state === 'PreparingRebalance') this.#maybeCompleteJoin();
      else this.#prepareRebalance();
    });
  }

  sync(memberId: string, generationId: number, assignments: Map<string, Buffer>): Promise<SyncResponse> {
    const fail = (errorCode: ErrorCode) => Promise.resolve<SyncResponse>({ errorCode, assignment: EMPTY });
    const member = this.#members.get(memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== this.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
    this.#touch(member);
    if (this.state === 'PreparingRebalance') return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    if (this.state === 'Stable') return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    return new Promise((resolve) => {
      member.awaitingSync = resolve;
      if (memberId !== this.leaderId) return;
      for (const m of this.#members.values()) m.assignment = assignments.get(m.id) ?? EMPTY;
      this.state = 'Stable';
      for (const m of this.#members.values()) {
        const answer = m.awaitingSync;
        m.awaitingSync = undefined;
        answer?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
      }
    });
  }

  heartbeat(memberId: string, generationId: number): ErrorCode {
    const member = this.#members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.#touch(member);
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  leave(memberId: string): ErrorCode {
    if (!this.#members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.#remove(memberId);
    return ErrorCode.NONE;
  }

  /** Whether an OffsetCommit from this member and generation is accepted (Kafka's rules, in its order). */
  checkCommit(memberId: string, generationId: number): ErrorCode {
    // A commit outside any generation (admin tools, manual assignment) is fine while nobody is a member.
    if (generationId < 0 && this.#members.size === 0) return ErrorCode.NONE;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = this.#members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.#touch(member);
    return ErrorCode.NONE;
  }

  describe(): MemberDescription[] {
    return [...this.#members.values()].map((m) => ({
      memberId: m.id,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
      assignment: m.assignment,
    }));
  }

  /** Stops every timer; pending answers are dropped with their connections. */
  close(): void {
    clearTimeout(this.#rebalanceTimer);
    for (const member of this.#members.values()) clearTimeout(member.sessionTimer);
  }

  /** A new member gets an id as Kafka makes them: the client id and a UUID. */
  #addMember(clientId: string): Member {
    const member: Member = { id: `${clientId}-${randomUUID()}`, clientId, clientHost: '', sessionTimeoutMs: 0, rebalanceTimeoutMs: 0, protocols: [], assignment: EMPTY };
    this.#members.set(member.id, member);
    return member;
  }

  #prepareRebalance(): void {
    if (this.state === 'CompletingRebalance') {
      for (const member of this.#members.values()) {
        const answer = member.awaitingSync;
        member.awaitingSync = undefined;
        answer?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      }
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(0, ...[...this.#members.values()].map((m) => m.rebalanceTimeoutMs));
    clearTimeout(this.#rebalanceTimer);
    this.#rebalanceTimer = setTimeout(() => {
      // Pick the laggards first: removing the last one completes the join, which clears everyone's awaitingJoin.
      const laggards = [...this.#members.values()].filter((member) => !member.awaitingJoin);
      for (const member of laggards) this.#remove(member.id);
    }, timeout);
    this.#rebalanceTimer.unref();
    this.#maybeCompleteJoin();
  }

  #maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.#members.size === 0) return;
    if ([...this.#members.values()].every((m) => m.awaitingJoin)) this.#completeJoin();
  }

  #completeJoin(): void {
    clearTimeout(this.#rebalanceTimer);
    this.generationId++;
    const members = [...this.#members.values()];
    const protocol = [...this.#commonProtocols()][0] ?? '';
    this.protocolName = protocol;
    if (!this.leaderId || !this.#members.has(this.leaderId)) this.leaderId = members[0]!.id;
    this.state = 'CompletingRebalance';
    const memberList = members.map((m) => ({ memberId: m.id, metadata: m.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY }));
    for (const member of members) {
      const answer = member.awaitingJoin;
      member.awaitingJoin = undefined;
      this.#touch(member);
      answer?.({
        errorCode: ErrorCode.NONE,
        generationId: this.generationId,
        protocolName: protocol,
        leaderId: this.leaderId,
        memberId: member.id,
        members: member.id === this.leaderId ? memberList : [],
      });
    }
  }

  /** Protocols every member supports, in the leader's (or first member's) order of preference. */
  #commonProtocols(): Set<string> {
    const members = [...this.#members.values()];
    const first = (this.leaderId && this.#members.get(this.leaderId)) || members[0];
    const common = new Set(first?.protocols.map((p) => p.name) ?? []);
    for (const member of members) {
      const names = new Set(member.protocols.map((p) => p.name));
      for (const name of common) if (!names.has(name)) common.delete(name);
    }
    return common;
  }

  /** Restarts the member's session timer; a member whose session runs out is removed. */
  #touch(member: Member): void {
    clearTimeout(member.sessionTimer);
    if (member.awaitingJoin) return;
    member.sessionTimer = setTimeout(() => this.#remove(member.id), member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  #remove(memberId: string): void {
    const member = this.#members.get(memberId);
    if (!member) return;
    clearTimeout(member.sessionTimer);
    this.#members.delete(memberId);
    member.awaitingJoin?.(joinFailure(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    member.awaitingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (this.leaderId === memberId) this.leaderId = null;
    if (this.#members.size === 0) {
      clearTimeout(this.#rebalanceTimer);
      // Kafka ends the generation when the last member goes.
      if (this.state !== 'Empty') this.generationId++;
      this.state = 'Empty';
      this.protocolName = null;
      this.protocolType = null;
    } else if (this.state === 'PreparingRebalance') {
      this.#maybeCompleteJoin();
    } else {
      this.#prepareRebalance();
    }
  }
}
