import { TitleBar } from '@shopify/app-bridge-react';
import {
  BlockStack,
  Button,
  InlineStack,
  Layout,
  Page,
  SkeletonBodyText,
  Card,
  Toast,
} from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { CustomerDetail, LedgerEntry } from '../../lib/api-types';
import { usePaged } from '../../lib/use-paged';
import { ErrorBanner } from '../../shell/error-banner';
import { AdjustPointsModal } from './adjust-points-modal';
import { CustomerHeader } from './customer-header';
import { LedgerTable } from './ledger-table';

export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = usePaged<CustomerDetail, LedgerEntry>(
    `/api/customers/${encodeURIComponent(id)}`,
    (p) => p.entries,
  );
  const [adjusting, setAdjusting] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const customer = detail.first;
  const name = customer?.displayName || t('customers.unnamed', { id });
  return (
    <Page
      title={customer ? name : t('customer.title')}
      backAction={{ content: t('customers.title'), url: '/customers' }}
      primaryAction={{ content: t('adjust.open'), onAction: () => setAdjusting(true), disabled: !customer }}
    >
      <TitleBar title={customer ? name : t('customer.title')} />
      <Layout>
        {detail.error && (
          <Layout.Section>
            <ErrorBanner title={t('customer.loadFailed')} error={detail.error} onRetry={detail.reload} />
          </Layout.Section>
        )}
        <Layout.Section>
          {customer ? (
            <CustomerHeader customer={customer} />
          ) : (
            <Card>
              <SkeletonBodyText lines={3} />
            </Card>
          )}
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <LedgerTable entries={detail.items} loading={detail.loading} />
            {detail.hasMore && (
              <InlineStack align="center">
                <Button onClick={detail.loadMore} loading={detail.loading}>
                  {t('common.loadMore')}
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {customer && (
        <AdjustPointsModal
          open={adjusting}
          customerId={id}
          customerName={name}
          onClose={() => setAdjusting(false)}
          onDone={(message) => {
            setAdjusting(false);
            setToast(message);
            detail.reload();
          }}
        />
      )}
      {toast && <Toast content={toast} onDismiss={() => setToast(null)} />}
    </Page>
  );
}
