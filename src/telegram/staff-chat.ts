/** The staff forum group's chat id: from `STAFF_CHAT_ID`, or linked at run time. */
export interface StaffChat {
  get(): number | undefined;
  set(chatId: number): void;
  /** True when `STAFF_CHAT_ID` fixes it and linking may not change it. */
  readonly fixed: boolean;
}

/**
 * Holds the staff group id; `configured` (from config) wins over a linked one. `onChange`
 * runs when a group is linked, so messages waiting for a staff group go out at once.
 */
export function createStaffChat(configured: number | undefined, linked: number | undefined, onChange?: (chatId: number) => void): StaffChat {
  let current = configured ?? linked;
  return {
    fixed: configured !== undefined,
    get: () => current,
    set(chatId) {
      if (configured !== undefined || chatId === current) return;
      current = chatId;
      onChange?.(chatId);
    },
  };
}
