import { Badge, BlockStack, Card, InlineGrid, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';

export function CustomerHeader({ customer }: { customer: CustomerSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { available, pending } = customer.balance;
  const figure = (label: string, points: number) => (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {t('common.points', { count: points, formatted: f.number(points) })}
      </Text>
      <Text as="p" tone="subdued">
        {f.worth(points) ?? '—'}
      </Text>
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="p">{customer.email ?? t('customer.noEmail')}</Text>
          <Text as="p" tone="subdued">
            {t('customer.shopifyId', { id: customer.id })}
            {' · '}
            {t('customer.lastActivity', { date: f.date(customer.lastActivityAt) ?? '—' })}
          </Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          {figure(t('customer.available'), available)}
          {figure(t('customer.pending'), pending)}
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm" tone="subdued">
              {t('customers.tier')}
            </Text>
            <div>{customer.tier ? <Badge tone="info">{customer.tier}</Badge> : <Text as="span">—</Text>}</div>
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
