import { DEFAULT_PROGRAM, type ProgramSettings, type ProgramVersion } from '../../loyalty/program.js';
import type { RedemptionOption } from '../../loyalty/redemption-options.js';
import { DEFAULT_RETURN_VISIT, type ReturnVisitSettings } from '../../loyalty/return-visit.js';
import type { Tx } from './index.js';

export interface ShopRecord {
  domain: string;
  currency: string | null;
  installedAt: Date;
  uninstalledAt: Date | null;
}

export function createShopRepository(tx: Tx) {
  return {
    async find(domain: string): Promise<ShopRecord | null> {
      return tx.shop.findUnique({
        where: { domain },
        select: { domain: true, currency: true, installedAt: true, uninstalledAt: true },
      });
    },

    /** Creates the shop with the default program on first contact; records its currency when we learn it. */
    async ensure(domain: string, currency?: string): Promise<void> {
      const existing = await tx.shop.findUnique({ where: { domain }, select: { currency: true } });
      if (!existing) {
        await tx.shop.create({ data: { domain, currency: currency ?? null } });
        await tx.program.create({
          data: { shop: domain, version: 1, effectiveFrom: new Date(0), ...programColumns(DEFAULT_PROGRAM) },
        });
      } else if (currency && existing.currency !== currency) {
        await tx.shop.update({ where: { domain }, data: { currency } });
      }
    },

    async markInstalled(domain: string, at: Date): Promise<void> {
      // (re)installed: the return-visit discount is registered (again) by the sync job
      await tx.shop.update({
        where: { domain },
        data: { uninstalledAt: null, installedAt: at, returnVisitSyncDue: true },
      });
    },

    async markUninstalled(domain: string, at: Date): Promise<void> {
      await tx.shop.updateMany({ where: { domain }, data: { uninstalledAt: at } });
      await tx.session.deleteMany({ where: { shop: domain } });
    },

    /** Shops whose return-visit discount must be written to Shopify (settings changed, or just installed). */
    async returnVisitSyncDue(limit: number) {
      return tx.shop.findMany({
        where: { returnVisitSyncDue: true, uninstalledAt: null },
        select: { domain: true, returnVisitDiscountId: true },
        take: limit,
      });
    },

    async markReturnVisitSyncDue(domain: string): Promise<void> {
      await tx.shop.updateMany({ where: { domain }, data: { returnVisitSyncDue: true } });
    },

    /**
     * Written to Shopify as of program `version`; `discountId` is the automatic discount's id (kept while it is
     * deactivated). The flag is cleared only if no newer version was saved meanwhile (compare and clear), so a
     * change made during the sync is synced by the next run.
     */
    async markReturnVisitSynced(domain: string, discountId: string | null, version: number): Promise<void> {
      const latest = await tx.program.findFirst({ where: { shop: domain }, orderBy: { version: 'desc' } });
      await tx.shop.update({
        where: { domain },
        data: {
          returnVisitDiscountId: discountId,
          ...(latest?.version === version && { returnVisitSyncDue: false }),
        },
      });
    },

    async programVersions(shop: string): Promise<ProgramVersion[]> {
      const rows = await tx.program.findMany({ where: { shop }, orderBy: { version: 'asc' } });
      return rows.map(toProgramVersion);
    },

    /** Every version with who saved it and when, oldest first (GET /api/program/versions). */
    async programHistory(shop: string) {
      const rows = await tx.program.findMany({ where: { shop }, orderBy: { version: 'asc' } });
      return rows.map((row) => ({
        ...toProgramVersion(row),
        changedBy: row.changedBy,
        changedAt: row.createdAt,
      }));
    },

    /**
     * A settings change never edits a version: it adds the next one, in force from `effectiveFrom`. `saved` names
     * the staff user who saved it and when (the app's clock; else the database's), for the history.
     */
    async addProgramVersion(
      shop: string,
      settings: ProgramSettings,
      effectiveFrom: Date,
      saved?: { by: string | null; at: Date },
    ): Promise<number> {
      const last = await tx.program.findFirst({ where: { shop }, orderBy: { version: 'desc' } });
      const version = (last?.version ?? 0) + 1;
      await tx.program.create({
        data: {
          shop,
          version,
          effectiveFrom,
          ...(saved && { changedBy: saved.by, createdAt: saved.at }),
          ...programColumns(settings),
        },
      });
      return version;
    },
  };
}

/** Settings as Program columns (only the settings: a whole ProgramVersion passed in keeps its version out). */
function programColumns(settings: ProgramSettings) {
  return {
    earnRate: settings.earnRate,
    pointValue: settings.pointValue,
    includeShipping: settings.includeShipping,
    pendingDays: settings.pendingDays,
    expiryMonths: settings.expiryMonths,
    signupBonus: settings.signupBonus,
    maxPointsPerOrder: settings.maxPointsPerOrder,
    redemptionOptions: JSON.stringify(settings.redemptionOptions),
    codeLifetimeDays: settings.codeLifetimeDays,
    returnVisit: JSON.stringify(settings.returnVisit),
    breakageAssumption: settings.breakageAssumption,
  };
}

export type ProgramRow = Omit<ProgramVersion, 'redemptionOptions' | 'returnVisit'> & {
  redemptionOptions: string;
  returnVisit: string;
};

/** A stored program row as the domain's ProgramVersion. */
export function toProgramVersion(row: ProgramRow): ProgramVersion {
  return {
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    earnRate: row.earnRate,
    pointValue: row.pointValue,
    includeShipping: row.includeShipping,
    pendingDays: row.pendingDays,
    expiryMonths: row.expiryMonths,
    signupBonus: row.signupBonus,
    maxPointsPerOrder: row.maxPointsPerOrder,
    // written only by programColumns from validated settings
    redemptionOptions: JSON.parse(row.redemptionOptions) as RedemptionOption[],
    codeLifetimeDays: row.codeLifetimeDays,
    // versions saved before the feature existed hold '{}': they get the defaults
    returnVisit: {
      ...DEFAULT_RETURN_VISIT,
      ...(JSON.parse(row.returnVisit) as Partial<ReturnVisitSettings>),
    },
    // a column with a default: versions saved before the setting existed read 20
    breakageAssumption: row.breakageAssumption,
  };
}
