/**
 * Seeds an org with many valid users fast: records built as the user service builds them,
 * converted by the repository's own `userToRow`, and inserted 1,000 rows per statement inside
 * transactions (100,000 HTTP calls would measure the seeding, not the org).
 */
import { isoAt } from '../src/clock.js';
import { DEFAULT_PASSWORD_HASH } from '../src/config/config.js';
import { createPasswordHasher } from '../src/crypto/password-hash.js';
import { newId } from '../src/crypto/random-id.js';
import type { OpenDatabase } from '../src/store/database.js';
import { profileValueRows } from '../src/store/kysely/profile-values.js';
import { userToRow } from '../src/store/kysely/users.js';
import type { UserRecord, UserStatus } from '../src/store/records.js';
import type { UserProfileValuesTable, UsersTable } from '../src/store/schema.js';

export const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Legal', 'Operations', 'Research', 'Design', 'People'] as const;
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Tim', 'Radia', 'John'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Berners-Lee', 'Perlman', 'Backus'];

const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_TRANSACTION = 10;
const DAY = 86_400_000;

/** 90 % ACTIVE (with a password), the rest STAGED, PROVISIONED or SUSPENDED: none hidden from the default list. */
function statusOf(i: number): UserStatus {
  const slot = i % 100;
  if (slot < 90) return 'ACTIVE';
  if (slot < 94) return 'STAGED';
  if (slot < 97) return 'PROVISIONED';
  return 'SUSPENDED';
}

/** The login (and email) of the `i`-th seeded user. */
export function seededLogin(i: number): string {
  return `user${String(i).padStart(6, '0')}@bench.example.com`;
}

function seededUser(i: number, now: number, passwordHash: string): UserRecord {
  const status = statusOf(i);
  const number = String(i).padStart(6, '0');
  const login = seededLogin(i);
  const created = isoAt(now - 365 * DAY + i * 1000);
  const activated = status === 'STAGED' ? null : created;
  return {
    id: newId('user'),
    status,
    profile: {
      login,
      email: login,
      firstName: FIRST[i % FIRST.length] ?? 'Ada',
      lastName: LAST[(i * 7) % LAST.length] ?? 'Lovelace',
      department: DEPARTMENTS[i % DEPARTMENTS.length] ?? 'Engineering',
      employeeNumber: number,
      costCenter: `CC-${i % 250}`,
    },
    passwordHash: status === 'ACTIVE' || status === 'SUSPENDED' ? passwordHash : null,
    created,
    activated,
    statusChanged: activated,
    lastLogin: null,
    lastUpdated: created,
    passwordChanged: status === 'ACTIVE' || status === 'SUSPENDED' ? created : null,
    version: 1,
  };
}

/** Inserts `count` users; returns the seconds it took. */
export async function seedUsers(database: OpenDatabase, count: number, now: number): Promise<number> {
  const started = performance.now();
  // One real hash shared by every seeded password: valid records without 100,000 hashes.
  const passwordHash = await createPasswordHasher(DEFAULT_PASSWORD_HASH).hash('Seeded-Passw0rd!');
  const perTransaction = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let start = 0; start < count; start += perTransaction) {
    await database.db.transaction().execute(async (trx) => {
      for (let batch = start; batch < Math.min(count, start + perTransaction); batch += ROWS_PER_STATEMENT) {
        const rows: UsersTable[] = [];
        const values: UserProfileValuesTable[] = [];
        for (let i = batch; i < Math.min(count, batch + ROWS_PER_STATEMENT); i++) {
          const user = seededUser(i, now, passwordHash);
          rows.push(userToRow(user));
          values.push(...profileValueRows(user.id, user.profile));
        }
        await trx.insertInto('users').values(rows).execute();
        // The side table that `search … eq` reads (profile-values.ts), as the repository writes it.
        for (let from = 0; from < values.length; from += ROWS_PER_STATEMENT) {
          await trx
            .insertInto('user_profile_values')
            .values(values.slice(from, from + ROWS_PER_STATEMENT))
            .execute();
        }
      }
    });
  }
  return (performance.now() - started) / 1000;
}
