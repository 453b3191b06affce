import { ConsumerGroup } from './ConsumerGroup.ts';
import { ErrorCode } from './protocol/errorCodes.ts';

/** A committed offset and the metadata string the consumer attached. */
export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

/**
 * The coordinator of every consumer group (this broker is the only node):
 * the groups' membership and their committed offsets.
 */
export class GroupCoordinator {
  readonly #groups = new Map<string, ConsumerGroup>();
  /** groupId → topic → partition → committed offset. */
  readonly #offsets = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  /** The group, created empty on first use (as Kafka does on JoinGroup and OffsetCommit). */
  group(groupId: string): ConsumerGroup {
    let group = this.#groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId);
      this.#groups.set(groupId, group);
    }
    return group;
  }

  find(groupId: string): ConsumerGroup | undefined {
    return this.#groups.get(groupId);
  }

  commit(groupId: string, topic: string, partition: number, committed: CommittedOffset): void {
    let topics = this.#offsets.get(groupId);
    if (!topics) this.#offsets.set(groupId, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, committed);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.#offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /** Topics the group has committed offsets for, with those offsets by partition. */
  committedTopics(groupId: string): Map<string, Map<number, CommittedOffset>> {
    return this.#offsets.get(groupId) ?? new Map();
  }

  /** Deletes a group and its offsets; only a group without members can go (DeleteGroups). */
  delete(groupId: string): ErrorCode {
    const group = this.#groups.get(groupId);
    if (!group && !this.#offsets.has(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group && group.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    group?.close();
    this.#groups.delete(groupId);
    this.#offsets.delete(groupId);
    return ErrorCode.NONE;
  }

  close(): void {
    for (const group of this.#groups.values()) group.close();
  }
}
