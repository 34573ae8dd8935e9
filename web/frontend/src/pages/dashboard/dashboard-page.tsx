import { TitleBar } from '@shopify/app-bridge-react';
import {
  BlockStack,
  Card,
  InlineStack,
  Layout,
  Page,
  Select,
  SkeletonBodyText,
  Text,
} from '@shopify/polaris';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stats } from '../../lib/api-types';
import { lastDays } from '../../lib/date-range';
import { useFormat } from '../../lib/use-format';
import { ErrorBanner } from '../../shell/error-banner';
import { useApiData } from '../../shell/use-api-data';
import { StatCards } from './stat-cards';

const DashboardCharts = lazy(() => import('./dashboard-charts'));

const RANGES = [30, 90, 365] as const;

export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const range = useMemo(() => lastDays(days, new Date()), [days]);
  const stats = useApiData<Stats>(`/api/stats?from=${range.from}&to=${range.to}`);
  return (
    <Page title={t('dashboard.title')}>
      <TitleBar title={t('dashboard.title')} />
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="p" tone="subdued">
            {t('dashboard.range', {
              from: f.date(`${range.from}T12:00:00Z`),
              to: f.date(`${range.to}T12:00:00Z`),
            })}
          </Text>
          <Select
            label={t('dashboard.rangeLabel')}
            labelInline
            options={RANGES.map((n) => ({ label: t('dashboard.lastDays', { count: n }), value: String(n) }))}
            value={String(days)}
            onChange={(value) => setDays(Number(value) as (typeof RANGES)[number])}
          />
        </InlineStack>
        {stats.error && (
          <ErrorBanner title={t('dashboard.loadFailed')} error={stats.error} onRetry={stats.reload} />
        )}
        <Layout>
          <Layout.Section>
            <StatCards stats={stats.data} loading={stats.loading && !stats.data} />
          </Layout.Section>
          {stats.data && (
            <Layout.Section>
              <Suspense
                fallback={
                  <Card>
                    <SkeletonBodyText lines={8} />
                  </Card>
                }
              >
                <DashboardCharts stats={stats.data} />
              </Suspense>
            </Layout.Section>
          )}
        </Layout>
      </BlockStack>
    </Page>
  );
}
