/** A stored LogEvent as Okta sends it: the record already has Okta's shape; this fills Okta's nulls. */
import type { Static } from '@sinclair/typebox';
import type { LogEventRecord } from '../../store/records.js';
import type { LogEvent } from './schemas.js';

export function presentLogEvent(event: LogEventRecord): Static<typeof LogEvent> {
  return {
    ...event,
    target: event.target.map((target) => ({ ...target })),
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      ...event.authenticationContext,
    },
    request: { ipChain: event.request.ipChain.map((entry) => ({ ...entry, geographicalContext: null, source: null })) },
  };
}
