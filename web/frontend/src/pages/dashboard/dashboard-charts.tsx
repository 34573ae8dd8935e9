import '@shopify/polaris-viz/build/esm/styles.css';
import { BlockStack, Card, InlineGrid, Text } from '@shopify/polaris';
import { BarChart, LineChart, PolarisVizProvider } from '@shopify/polaris-viz';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stats } from '../../lib/api-types';
import { weekly } from '../../lib/date-range';
import { useFormat } from '../../lib/use-format';
import { useChartRoles } from './use-chart-roles';

/**
 * The dashboard's charts, loaded lazily (polaris-viz is about as large as Polaris itself, see bench/panel-size.ts):
 * points issued and redeemed over the range (by day, by week beyond 90 days) and the repeat purchase rate of
 * members against guests. Each chart is a figure, not an image: polaris-viz puts focusable points, legend buttons
 * and its own data table for screen readers inside, which an `img` role would hide (axe: nested-interactive).
 * useChartRoles corrects the roles polaris-viz gets wrong inside.
 */
export default function DashboardCharts({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const f = useFormat();
  const days = stats.series ?? [];
  const series = days.length > 92 ? weekly(days) : days;
  const repeat = stats.repeatPurchaseRate;
  const keyOf = (date: string) => f.date(`${date}T12:00:00Z`) ?? date;
  const pointsChart = useRef<HTMLDivElement>(null);
  const repeatChart = useRef<HTMLDivElement>(null);
  useChartRoles(pointsChart);
  useChartRoles(repeatChart);
  return (
    <PolarisVizProvider defaultTheme="Light">
      <InlineGrid columns={{ xs: 1, md: ['twoThirds', 'oneThird'] }} gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t(days.length > 92 ? 'dashboard.chartWeekly' : 'dashboard.chartDaily')}
            </Text>
            <div
              style={{ height: 260 }}
              aria-label={t('dashboard.chartLabel')}
              role="figure"
              data-chart="points"
              ref={pointsChart}
            >
              <LineChart
                theme="Light"
                isAnimated={false}
                emptyStateText={t('dashboard.noSeries')}
                data={[
                  {
                    name: t('dashboard.issued'),
                    data: series.map((d) => ({ key: keyOf(d.date), value: d.issued })),
                  },
                  {
                    name: t('dashboard.redeemed'),
                    data: series.map((d) => ({ key: keyOf(d.date), value: d.redeemed })),
                  },
                ]}
                yAxisOptions={{ labelFormatter: (value) => f.number(Number(value ?? 0)) }}
              />
            </div>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t('dashboard.repeatRate')}
            </Text>
            <div
              style={{ height: 260 }}
              aria-label={t('dashboard.repeatChartLabel')}
              role="figure"
              data-chart="repeat-rate"
              ref={repeatChart}
            >
              <BarChart
                theme="Light"
                isAnimated={false}
                emptyStateText={t('dashboard.noSeries')}
                data={[
                  {
                    name: t('dashboard.repeatRate'),
                    data: [
                      { key: t('dashboard.membersLabel'), value: percentOrNull(repeat?.members) },
                      { key: t('dashboard.guestsLabel'), value: percentOrNull(repeat?.guests) },
                    ],
                  },
                ]}
                yAxisOptions={{ labelFormatter: (value) => `${f.number(Number(value ?? 0))} %` }}
              />
            </div>
          </BlockStack>
        </Card>
      </InlineGrid>
    </PolarisVizProvider>
  );
}

const percentOrNull = (share: number | null | undefined) =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;
