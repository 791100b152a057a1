// Worker threads do not inherit tsx's loader: when Netreach runs from its TypeScript sources
// (bin/netreach.js, tests), the report thread registers it, then loads its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./report-thread.ts');
