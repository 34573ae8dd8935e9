import type { Prisma } from '../client.js';
import { createCustomerRepository } from './customer-repository.js';
import { createDeliveryRepository } from './delivery-repository.js';
import { createGdprRepository } from './gdpr-repository.js';
import { createLedgerRepository } from './ledger-repository.js';
import { createOrderRepository } from './order-repository.js';
import { createShopRepository } from './shop-repository.js';

export type Tx = Prisma.TransactionClient;
export type DbKind = 'sqlite' | 'postgresql';

export function createRepositories(tx: Tx, kind: DbKind) {
  return {
    shops: createShopRepository(tx),
    customers: createCustomerRepository(tx),
    ledger: createLedgerRepository(tx),
    orders: createOrderRepository(tx, kind),
    deliveries: createDeliveryRepository(tx),
    gdpr: createGdprRepository(tx),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
