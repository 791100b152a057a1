/**
 * Ports: organisation settings and the on-call rota saved from the dashboard. Core declares them; storage implements them.
 * @module
 */
import type { RotaSlot } from '../on-call-rota.ts';

/** The organisation's saved settings (`org.*` rows of `settings`) and the rota. */
export interface OrgSettingsStore {
  /** Every saved setting by name without the prefix (`timezone`, `rota`, …). */
  read(): Promise<Record<string, string>>;
  /** Saves settings by name (without the prefix), all or none. */
  write(values: Readonly<Record<string, string>>, at: number): Promise<void>;
  /** The saved rota; undefined when none was ever saved. */
  readRota(): Promise<RotaSlot[] | undefined>;
  writeRota(slots: readonly RotaSlot[], at: number): Promise<void>;
}
