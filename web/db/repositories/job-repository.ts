import type { DbKind, Tx } from './index.js';

/** Leases for periodic jobs: whoever holds an unexpired lease runs the job; other processes skip that run. */
export function createJobRepository(tx: Tx, kind: DbKind) {
  return {
    /**
     * Takes or renews the lease if it is free, expired, or already ours. One conditional UPDATE, or the INSERT of
     * the first lease (a unique key: two first-comers cannot both win), so it is atomic on SQLite and PostgreSQL.
     */
    async acquire(name: string, holder: string, until: Date, now: Date): Promise<boolean> {
      const { count } = await tx.jobLease.updateMany({
        where: { name, OR: [{ leaseUntil: { lt: now } }, { holder }] },
        data: { holder, leaseUntil: until },
      });
      if (count === 1) return true;
      // ON CONFLICT DO NOTHING: a failed INSERT would abort the PostgreSQL transaction
      const values = kind === 'postgresql' ? '($1, $2, $3)' : '(?, ?, ?)';
      const inserted = await tx.$executeRawUnsafe(
        `INSERT INTO "JobLease" ("name", "holder", "leaseUntil") VALUES ${values} ON CONFLICT ("name") DO NOTHING`,
        name,
        holder,
        until,
      );
      return inserted === 1;
    },

    async release(name: string, holder: string): Promise<void> {
      await tx.jobLease.updateMany({ where: { name, holder }, data: { leaseUntil: new Date(0) } });
    },
  };
}
