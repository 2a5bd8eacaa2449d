import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepsCredentials, USER_STATUSES } from './records.js';

describe('which user statuses keep their credentials (API tokens, access and refresh tokens, codes)', () => {
  it('ACTIVE, RECOVERY, PASSWORD_EXPIRED and LOCKED_OUT keep them; STAGED, PROVISIONED, SUSPENDED and DEPROVISIONED do not', () => {
    assert.deepEqual(
      USER_STATUSES.filter((status) => keepsCredentials(status)),
      ['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT'],
    );
  });

  it('a status it does not know keeps nothing', () => {
    assert.equal(keepsCredentials('active'), false);
    assert.equal(keepsCredentials(''), false);
  });
});
