/** Check-in lengths a client can choose, in minutes. */
export const SPOT_DURATIONS = [5, 10, 15, 20, 30] as const;

/** Every spotting button's callback data starts with this. */
export const SPOT_PREFIX = 'spot:';

/** A spotting button, decoded. */
export type SpottingAction =
  | { kind: 'start'; minutes: number }
  | { kind: 'leave-info' }
  | { kind: 'ok'; sessionId: number }
  | { kind: 'cancel'; sessionId: number }
  /** Carries the generation it was shown at, so a double tap extends once. */
  | { kind: 'extend'; sessionId: number; generation: number };

/**
 * Encodes a button as callback data (at most 64 bytes).
 *
 * @example
 * encodeSpottingAction({ kind: 'start', minutes: 15 }); // 'spot:start:15'
 * encodeSpottingAction({ kind: 'extend', sessionId: 7, generation: 2 }); // 'spot:extend:7:2'
 */
export function encodeSpottingAction(action: SpottingAction): string {
  switch (action.kind) {
    case 'start':
      return `${SPOT_PREFIX}start:${action.minutes}`;
    case 'leave-info':
      return `${SPOT_PREFIX}leave-info`;
    case 'ok':
    case 'cancel':
      return `${SPOT_PREFIX}${action.kind}:${action.sessionId}`;
    case 'extend':
      return `${SPOT_PREFIX}extend:${action.sessionId}:${action.generation}`;
  }
}

const PATTERN = /^spot:(?:(start):(\d{1,2})|(leave-info)|(ok|cancel):(\d{1,12})|(extend):(\d{1,12}):(\d{1,9}))$/;

/** Decodes callback data; undefined if it is not a (well-formed) spotting button. */
export function decodeSpottingAction(data: string): SpottingAction | undefined {
  const m = PATTERN.exec(data);
  if (!m) return undefined;
  if (m[1]) {
    const minutes = Number(m[2]);
    return (SPOT_DURATIONS as readonly number[]).includes(minutes) ? { kind: 'start', minutes } : undefined;
  }
  if (m[3]) return { kind: 'leave-info' };
  if (m[4] === 'ok' || m[4] === 'cancel') return { kind: m[4], sessionId: Number(m[5]) };
  if (m[6]) return { kind: 'extend', sessionId: Number(m[7]), generation: Number(m[8]) };
  return undefined;
}
