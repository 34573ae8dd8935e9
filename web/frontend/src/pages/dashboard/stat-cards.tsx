import { InlineGrid, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { Stats } from '../../lib/api-types';
import { pointsValue } from '../../lib/money';
import { useFormat } from '../../lib/use-format';
import { StatCard } from './stat-card';

/** The dashboard's figures; every point figure with its money value at the point value the stats name. */
export function StatCards({ stats, loading }: { stats: Stats | null; loading: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const currency = stats?.currencyCode ?? stats?.liability.currencyCode ?? null;
  const worth = (points: number) => {
    const value = stats?.pointValue
      ? f.money(pointsValue(points, stats.pointValue), currency)
      : f.worth(points);
    return (
      value && (
        <Text as="p" tone="subdued">
          {t('dashboard.worth', { value })}
        </Text>
      )
    );
  };
  const points = (key: keyof Stats['points']) => (stats ? f.number(stats.points[key]) : null);
  // the four point figures, in card order (keys written out, so the locale test sees each one)
  const pointFigures = [
    ['issued', t('dashboard.issued')],
    ['redeemed', t('dashboard.redeemed')],
    ['expired', t('dashboard.expired')],
    ['outstanding', t('dashboard.outstanding')],
  ] as const;
  const repeat = stats?.repeatPurchaseRate;
  const breakage = stats?.breakage;
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
      <StatCard
        title={t('dashboard.members')}
        testId="stat-members"
        value={stats ? f.number(stats.members) : null}
        loading={loading}
      />
      {pointFigures.map(([key, title]) => (
        <StatCard key={key} title={title} testId={`stat-${key}`} value={points(key)} loading={loading}>
          {stats && worth(stats.points[key])}
        </StatCard>
      ))}
      <StatCard
        title={t('dashboard.liability')}
        testId="stat-liability"
        value={stats ? f.money(stats.liability.amount, stats.liability.currencyCode) : null}
        loading={loading}
      >
        <Text as="p" tone="subdued">
          {stats?.provision
            ? t('dashboard.provision', {
                value: f.money(stats.provision.amount, stats.provision.currencyCode),
              })
            : t('dashboard.provisionUnknown')}
        </Text>
        {breakage && (
          <Text as="p" tone="subdued">
            {t(breakage.basis === 'history' ? 'dashboard.breakageHistory' : 'dashboard.breakageAssumption', {
              rate: f.percent(breakage.rate),
            })}
          </Text>
        )}
      </StatCard>
      <StatCard
        title={t('dashboard.redemptionRate')}
        testId="stat-redemption-rate"
        value={stats ? f.percent(stats.redemptionRate) : null}
        loading={loading}
      >
        <Text as="p" tone="subdued">
          {t('dashboard.redemptionRateHelp')}
        </Text>
      </StatCard>
      <StatCard
        title={t('dashboard.repeatRate')}
        testId="stat-repeat-rate"
        value={repeat ? (f.percent(repeat.members) ?? '—') : null}
        loading={loading}
      >
        <Text as="p" tone="subdued">
          {t('dashboard.repeatRateGuests', { rate: (repeat && f.percent(repeat.guests)) ?? '—' })}
        </Text>
      </StatCard>
      <StatCard
        title={t('dashboard.loyaltyRevenue')}
        testId="stat-loyalty-revenue"
        value={
          stats?.loyaltyRevenue
            ? f.money(stats.loyaltyRevenue.amount, stats.loyaltyRevenue.currencyCode)
            : null
        }
        loading={loading}
      >
        {stats?.loyaltyRevenue && (
          <Text as="p" tone="subdued">
            {t('dashboard.loyaltyOrders', { count: stats.loyaltyRevenue.orders })}
          </Text>
        )}
      </StatCard>
    </InlineGrid>
  );
}
