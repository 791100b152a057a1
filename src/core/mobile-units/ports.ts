/**
 * Ports: mobile-unit stops, their weekly schedule and its exceptions. Core declares them; storage implements them.
 * @module
 */
import type { MobileException, MobileStop, MobileUnitData } from '../mobile-schedule.ts';

/** What a stop is made of when it is created or changed. */
export type StopInput = Omit<MobileStop, 'id'>;

/** Mobile-unit stops (removed ones are kept, marked deleted) and their exceptions. */
export interface MobileUnitStore {
  /** Stops not removed, by name. */
  stops(): Promise<MobileStop[]>;
  /** A stop not removed. */
  stop(id: number): Promise<MobileStop | undefined>;
  createStop(input: StopInput, at: number): Promise<MobileStop>;
  /** Undefined when there is no such stop (or it was removed). */
  updateStop(id: number, input: StopInput, at: number): Promise<MobileStop | undefined>;
  /** Marks a stop removed; false when there was none. Its exceptions stop counting. */
  deleteStop(id: number, at: number): Promise<boolean>;
  /** Exceptions of stops not removed, on or after `fromDate` (YYYY-MM-DD) when given, by date. */
  exceptions(fromDate?: string): Promise<MobileException[]>;
  addException(input: Omit<MobileException, 'id'>, at: number): Promise<MobileException>;
  /** False when there was none. */
  deleteException(id: number): Promise<boolean>;
  /** Stops and the exceptions from `fromDate` on, for the schedule the bot sends. */
  load(fromDate?: string): Promise<MobileUnitData>;
}
