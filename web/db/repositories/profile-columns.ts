import { type ProfileField, searchKey, type StoredProfile } from '../../loyalty/customer-profile.js';
import { type Column, updateRows } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';

/** The Customer columns that hold a profile, as they come back from Prisma or a raw query. */
export interface ProfileRow {
  displayName: string | null;
  displayNameAt: Date | string | null;
  email: string | null;
  emailAt: Date | string | null;
  redactedAt: Date | string | null;
}

export const PROFILE_SELECT = {
  displayName: true,
  displayNameAt: true,
  email: true,
  emailAt: true,
  redactedAt: true,
} as const;

export const PROFILE_SQL_COLUMNS = `"displayName", "displayNameAt", "email", "emailAt", "redactedAt"`;

export function storedProfileOf(row: ProfileRow): StoredProfile {
  const field = (value: string | null, at: Date | string | null): ProfileField | null =>
    value === null || at === null ? null : { value, at: new Date(at) };
  return {
    displayName: field(row.displayName, row.displayNameAt),
    email: field(row.email, row.emailAt),
    redacted: row.redactedAt !== null,
  };
}

/** What is written for a profile: the name also as the search column the customer list matches against. */
export function profileColumns(profile: StoredProfile) {
  return {
    displayName: profile.displayName?.value ?? null,
    searchName: profile.displayName ? searchKey(profile.displayName.value) : null,
    displayNameAt: profile.displayName?.at ?? null,
    email: profile.email?.value ?? null,
    emailAt: profile.email?.at ?? null,
  };
}

const COLUMNS: Column[] = [
  ['displayName', 'text'],
  ['searchName', 'text'],
  ['displayNameAt', 'timestamp'],
  ['email', 'text'],
  ['emailAt', 'timestamp'],
];

/** Writes profiles a batch changed (web/loyalty/customer-profile.ts decided them), one statement for all. */
export async function saveProfiles(
  tx: Tx,
  kind: DbKind,
  profiles: ReadonlyArray<{ id: number; profile: StoredProfile }>,
): Promise<void> {
  await updateRows(
    tx,
    kind,
    { table: 'Customer', keys: [['id', 'int']], columns: COLUMNS },
    profiles.map(({ id, profile }) => {
      const c = profileColumns(profile);
      return [id, c.displayName, c.searchName, c.displayNameAt, c.email, c.emailAt];
    }),
  );
}
