import type { Migration, MigrationProvider } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';
import { foundation } from './0001-foundation.ts';
import { safety } from './0002-safety.ts';
import { spotting } from './0003-spotting.ts';
import { verifications } from './0004-verifications.ts';
import { dashboard } from './0005-dashboard.ts';
import { community } from './0006-community.ts';
import { channel } from './0007-channel.ts';
import { reportIndexes } from './0008-report-indexes.ts';
import { dangerCheck } from './0009-danger-check.ts';
import { oneOpenCase } from './0010-one-open-case.ts';
import { leases } from './0011-leases.ts';
import { webChat } from './0012-web-chat.ts';

/** Every migration, registered explicitly in order (no dynamic imports). */
export function migrationProvider(caps: DialectCapabilities): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001-foundation': foundation(caps),
        '0002-safety': safety(caps),
        '0003-spotting': spotting(caps),
        '0004-verifications': verifications(caps),
        '0005-dashboard': dashboard(caps),
        '0006-community': community(caps),
        '0007-channel': channel(caps),
        '0008-report-indexes': reportIndexes(caps),
        '0009-danger-check': dangerCheck(caps),
        '0010-one-open-case': oneOpenCase(),
        '0011-leases': leases(caps),
        '0012-web-chat': webChat(caps),
      };
    },
  };
}
