/** A case that started in the community chat. */
export interface GroupCase {
  caseId: number;
  clientId: number;
  token: string;
  /** The member's latest request message in the community chat. */
  lastMessageId: number;
  privateAt: number | null;
}

/** A worker's answer waiting for a choice, or for the member to open the private chat. */
export interface GroupAnswer {
  id: number;
  caseId: number;
  staffId: number;
  text: string;
  status: 'pending' | 'public' | 'private' | 'delivered';
}

/** Storage of requests in the community chat, inside the update's transaction. */
export interface GroupRequestStore {
  /** Links a request message to its case (the case gets its token the first time). */
  trackRequest(input: { caseId: number; clientId: number; chatMessageId: number; token: string; at: number }): Promise<GroupCase>;
  /** The case a community-chat message is a request of, if any. */
  caseOfMessage(chatMessageId: number): Promise<GroupCase | undefined>;
  getGroupCase(caseId: number): Promise<GroupCase | undefined>;
  caseByToken(token: string): Promise<GroupCase | undefined>;
  /**
   * Moves the case into the member's private chat: it becomes a private case, so their
   * messages and the workers' replies go on in it. False if it was moved before.
   */
  takePrivate(caseId: number, at: number): Promise<boolean>;
  /** True if the member has a private conversation with the bot (a private case, now or before). */
  hasPrivateChat(clientId: number): Promise<boolean>;
  saveAnswer(input: { caseId: number; staffId: number; text: string; at: number }): Promise<number>;
  getAnswer(id: number): Promise<GroupAnswer | undefined>;
  /** Moves an answer from one status to another; false if it was not in `from`. */
  setAnswerStatus(id: number, from: GroupAnswer['status'], to: GroupAnswer['status'], at: number): Promise<boolean>;
  /** How a worker signs (their alias), if they set one. */
  staffAlias(staffId: number): Promise<string | null>;
  /** Answers waiting for the member to open the private chat, oldest first. */
  answersForPrivate(caseId: number): Promise<GroupAnswer[]>;
}
