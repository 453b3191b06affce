import type { Logger } from '../../logger/index.ts';

/** A reader in a group, woken when the assignment changes or a partition is released. */
export interface GroupMember {
  wake(): void;
}

/** One member's view of its group: what it should read and the hand-over of partitions. */
export interface GroupSession {
  /** The partitions this member should read now. */
  assignment(): number[];
  /**
   * Takes over `partition` once no other member reads it; returns where the
   * previous reader stopped (undefined if nobody read it yet), or null while
   * another member still holds it.
   */
  acquire(partition: number): { handoff: number | undefined } | null;
  /** Stops reading `partition`, handing over the next offset to read. */
  release(partition: number, nextOffset: number): void;
  /** Leaves the group, handing over every partition still held. */
  leave(positions: ReadonlyMap<number, number>): void;
}

interface GroupState {
  partitions: number;
  members: GroupMember[];
  owners: Map<number, GroupMember>;
  handoffs: Map<number, number>;
}

/**
 * Consumer groups within one log instance (one process): the readers of a
 * group and topic split the partitions round-robin in the order they joined,
 * and rebalance when one joins or leaves. A partition changes hands only
 * after its old reader releases it between batches, so two readers never
 * deliver the same partition at once, and the new one continues where the
 * old one stopped.
 */
export class GroupMembership {
  private readonly groups = new Map<string, GroupState>();

  constructor(private readonly logger: Logger) {}

  join(groupId: string, topic: string, partitions: number, member: GroupMember): GroupSession {
    const key = JSON.stringify([groupId, topic]);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { partitions, members: [], owners: new Map(), handoffs: new Map() }));
    const state = group;
    state.members.push(member);
    this.rebalanced(groupId, topic, state);
    const release = (partition: number, nextOffset: number) => {
      if (state.owners.get(partition) !== member) return;
      state.owners.delete(partition);
      state.handoffs.set(partition, nextOffset);
      for (const other of state.members) if (other !== member) other.wake();
    };
    return {
      assignment: () => {
        const index = state.members.indexOf(member);
        if (index < 0) return [];
        const mine: number[] = [];
        for (let p = index; p < state.partitions; p += state.members.length) mine.push(p);
        return mine;
      },
      acquire: (partition) => {
        const owner = state.owners.get(partition);
        if (owner && owner !== member) return null;
        state.owners.set(partition, member);
        return { handoff: state.handoffs.get(partition) };
      },
      release,
      leave: (positions) => {
        const index = state.members.indexOf(member);
        if (index < 0) return;
        for (const [partition, nextOffset] of positions) release(partition, nextOffset);
        state.members.splice(index, 1);
        if (state.members.length === 0) this.groups.delete(key);
        else this.rebalanced(groupId, topic, state);
      },
    };
  }

  private rebalanced(groupId: string, topic: string, state: GroupState): void {
    this.logger.debug('consumer group rebalanced', { group: groupId, topic, readers: state.members.length });
    for (const member of state.members) member.wake();
  }
}
