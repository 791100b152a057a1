/** The staff forum group's chat id: from `STAFF_CHAT_ID`, or linked at run time. */
export interface StaffChat {
  get(): number | undefined;
  set(chatId: number): void;
  /** True when `STAFF_CHAT_ID` fixes it and linking may not change it. */
  readonly fixed: boolean;
}

/** Holds the staff group id; `configured` (from config) wins over a linked one. */
export function createStaffChat(configured: number | undefined, linked: number | undefined): StaffChat {
  let current = configured ?? linked;
  return {
    fixed: configured !== undefined,
    get: () => current,
    set(chatId) {
      if (configured === undefined) current = chatId;
    },
  };
}
