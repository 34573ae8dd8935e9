import { Badge, IndexTable, Link, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';

/** The customer list; a row (its name is the row's primary link) opens the customer's page. */
export function CustomersTable({ customers, loading }: { customers: CustomerSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <IndexTable
      resourceName={{ singular: t('customers.singular'), plural: t('customers.plural') }}
      itemCount={customers.length}
      selectable={false}
      loading={loading}
      emptyState={
        <Text as="p" alignment="center" tone="subdued">
          {loading ? t('common.loading') : t('customers.empty')}
        </Text>
      }
      headings={[
        { title: t('customers.name') },
        { title: t('customers.email') },
        { title: t('customers.balance'), alignment: 'end' },
        { title: t('customers.tier') },
        { title: t('customers.lastActivity') },
      ]}
    >
      {customers.map((customer, index) => {
        const total = customer.balance.available + customer.balance.pending;
        const worth = f.worth(total);
        return (
          <IndexTable.Row key={customer.id} id={String(customer.id)} position={index}>
            <IndexTable.Cell>
              <Link dataPrimaryLink monochrome removeUnderline url={`/customers/${customer.id}`}>
                <Text as="span" fontWeight="semibold">
                  {customer.displayName || t('customers.unnamed', { id: customer.id })}
                </Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{customer.email ?? '—'}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {t('customers.balanceValue', { points: f.number(total), value: worth ?? '—' })}
              </Text>
              {customer.balance.pending > 0 && (
                <Text as="span" alignment="end" tone="subdued" variant="bodySm">
                  {t('customers.pendingPart', { points: f.number(customer.balance.pending) })}
                </Text>
              )}
            </IndexTable.Cell>
            <IndexTable.Cell>{customer.tier ? <Badge>{customer.tier}</Badge> : '—'}</IndexTable.Cell>
            <IndexTable.Cell>{f.date(customer.lastActivityAt) ?? '—'}</IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}
