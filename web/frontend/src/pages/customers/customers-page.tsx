import { TitleBar } from '@shopify/app-bridge-react';
import { BlockStack, Box, Button, Card, InlineStack, Page, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../lib/api-types';
import { useDebounced } from '../../lib/use-debounced';
import { usePaged } from '../../lib/use-paged';
import { ErrorBanner } from '../../shell/error-banner';
import { CustomersTable } from './customers-table';

interface CustomersPage {
  customers: CustomerSummary[];
  nextCursor?: string | number | null;
}

export function CustomersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const list = usePaged<CustomersPage, CustomerSummary>(
    `/api/customers?query=${encodeURIComponent(query)}`,
    (page) => page.customers,
  );
  return (
    <Page title={t('customers.title')}>
      <TitleBar title={t('customers.title')} />
      <BlockStack gap="400">
        {list.error && (
          <ErrorBanner title={t('customers.loadFailed')} error={list.error} onRetry={list.reload} />
        )}
        <Card padding="0">
          <Box padding="300">
            <TextField
              label={t('customers.search')}
              labelHidden
              placeholder={t('customers.searchPlaceholder')}
              value={search}
              onChange={setSearch}
              clearButton
              onClearButtonClick={() => setSearch('')}
              autoComplete="off"
            />
          </Box>
          <CustomersTable customers={list.items} loading={list.loading} />
        </Card>
        {list.hasMore && (
          <InlineStack align="center">
            <Button onClick={list.loadMore} loading={list.loading}>
              {t('common.loadMore')}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Page>
  );
}
