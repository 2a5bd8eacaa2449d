import type { LogActor } from '../store/records.js';

export const ANONYMOUS_ACTOR: LogActor = { id: 'unknown', type: 'PublicClientApp', alternateId: 'unknown', displayName: 'Unknown', detailEntry: null };
