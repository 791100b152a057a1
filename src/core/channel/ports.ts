/** Where a channel post stands. */
export type ChannelPostStatus = 'draft' | 'approved' | 'scheduled' | 'published' | 'deleted';

/** A post for the read-only channel, as the domain sees it. */
export interface ChannelPost {
  id: number;
  kind: 'post' | 'schedule';
  status: ChannelPostStatus;
  text: string;
  draftMessageId: number | null;
  previewMessageId: number | null;
  channelMessageId: number | null;
  approvedBy: number | null;
  publishAt: number | null;
  publishedAt: number | null;
}

/** Storage of channel posts, inside the update's (or the job's) transaction. */
export interface ChannelStore {
  /** Stores a new draft (its text sealed); returns its id. */
  createDraft(input: { text: string; draftMessageId: number | null; authorStaffId: number; at: number }): Promise<number>;
  /** The newest posts (not deleted ones), newest first. */
  recent(limit: number): Promise<ChannelPost[]>;
  getPost(id: number): Promise<ChannelPost | undefined>;
  /** The post drafted as, or previewed by, this message of the staff group's channel topic. */
  findByMessage(messageId: number): Promise<ChannelPost | undefined>;
  /** Replaces the text; a post not yet published loses its approval (it must be approved again). */
  updateText(id: number, text: string, at: number): Promise<void>;
  /**
   * Moves a post from one of `from` to `to` with one conditional UPDATE; false if someone
   * else moved it first (two presses of "publish" publish once).
   */
  transition(id: number, from: readonly ChannelPostStatus[], to: ChannelPostStatus, change: { approvedBy?: number; publishAt?: number | null }, at: number): Promise<boolean>;
  /** Sets when a post should be published (kept while it waits for approval). */
  setPublishAt(id: number, publishAt: number, at: number): Promise<void>;
  /**
   * Claims scheduled posts that are due (UPDATE … WHERE status = 'scheduled' … RETURNING):
   * each is claimed by exactly one caller, once, however late or often it looks.
   */
  claimDue(now: number, limit: number): Promise<ChannelPost[]>;
  /** The earliest time a scheduled post is due, if any. */
  nextDue(): Promise<number | undefined>;
  /** Stores an automatic post, published at once, unless one with `autoKey` exists; its id or undefined. */
  createAutoPost(input: { kind: 'schedule'; text: string; autoKey: string; at: number }): Promise<number | undefined>;
}
