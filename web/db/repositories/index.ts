import type { Prisma } from '../client.js';
import { createAdjustmentRepository } from './adjustment-repository.js';
import { createBatchRepository } from './batch-repository.js';
import { createCustomerRepository } from './customer-repository.js';
import { createCustomerViewRepository } from './customer-view-repository.js';
import { createDeliveryRepository } from './delivery-repository.js';
import { createExportRepository } from './export-repository.js';
import { createGdprRepository } from './gdpr-repository.js';
import { createImportJobRepository } from './import-job-repository.js';
import { createImportRepository } from './import-repository.js';
import { createJobRepository } from './job-repository.js';
import { createLedgerRepository } from './ledger-repository.js';
import { createOrderRepository } from './order-repository.js';
import { createRedemptionRepository } from './redemption-repository.js';
import { createReturnVisitRepository } from './return-visit-repository.js';
import { createShopRepository } from './shop-repository.js';
import { createStatsRepository } from './stats-repository.js';

export type Tx = Prisma.TransactionClient;
export type DbKind = 'sqlite' | 'postgresql';

export function createRepositories(tx: Tx, kind: DbKind) {
  return {
    shops: createShopRepository(tx),
    customers: createCustomerRepository(tx),
    customerViews: createCustomerViewRepository(tx, kind),
    ledger: createLedgerRepository(tx),
    orders: createOrderRepository(tx, kind),
    deliveries: createDeliveryRepository(tx, kind),
    gdpr: createGdprRepository(tx, kind),
    redemptions: createRedemptionRepository(tx, kind),
    jobs: createJobRepository(tx, kind),
    returnVisits: createReturnVisitRepository(tx),
    batch: createBatchRepository(tx, kind),
    adjustments: createAdjustmentRepository(tx),
    stats: createStatsRepository(tx, kind),
    imports: createImportRepository(tx, kind),
    importJob: createImportJobRepository(tx, kind),
    exports: createExportRepository(tx, kind),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * What the ledger flows (earn, reversals, sign-up bonus) may touch. The batch processor serves exactly this
 * surface from memory (web/db/batch/), so a flow written against it runs unchanged one delivery at a time or
 * many in one transaction.
 */
export interface FlowRepositories {
  shops: Pick<Repositories['shops'], 'ensure' | 'programVersions'>;
  customers: Pick<Repositories['customers'], 'lock' | 'lockById' | 'saveBalance' | 'saveProfile'>;
  ledger: Pick<Repositories['ledger'], 'hasEntry' | 'post' | 'openLots' | 'updateLots'>;
  orders: Pick<
    Repositories['orders'],
    | 'lock'
    | 'findAward'
    | 'createAward'
    | 'recordReversal'
    | 'deferReversal'
    | 'pendingReversals'
    | 'markReversalApplied'
  >;
  // not batched: read and written straight through the transaction (orders using a code are few)
  redemptions: Pick<Repositories['redemptions'], 'byCodes' | 'transition'>;
  returnVisits: Pick<Repositories['returnVisits'], 'find' | 'save'>;
}
