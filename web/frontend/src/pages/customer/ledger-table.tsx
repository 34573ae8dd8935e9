import { Card, DataTable, Link, SkeletonBodyText, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';

const KNOWN_KINDS = new Set([
  'earn',
  'reverse_refund',
  'reverse_cancel',
  'signup',
  'redeem',
  'redeem_refund',
  'adjust',
  'birthday',
  'expire',
  'import',
]);

/** The customer's ledger, newest first, each entry with the balance it left. */
export function LedgerTable({ entries, loading }: { entries: LedgerEntry[]; loading: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (loading && !entries.length)
    return (
      <Card>
        <SkeletonBodyText lines={6} />
      </Card>
    );
  const signed = (points: number) => (points > 0 ? `+${f.number(points)}` : f.number(points));
  const rows = entries.map((entry) => [
    f.dateTime(entry.occurredAt) ?? '—',
    KNOWN_KINDS.has(entry.kind) ? t(`kind.${entry.kind}`) : entry.kind,
    signed(entry.points),
    entry.balanceAfter === null || entry.balanceAfter === undefined ? '—' : f.number(entry.balanceAfter),
    entry.programVersion ?? '—',
    entry.orderId ? <OrderLink key="order" orderId={entry.orderId} url={entry.orderAdminUrl ?? null} /> : '—',
    entry.reason ?? '',
  ]);
  return (
    <Card padding="0">
      {rows.length ? (
        <DataTable
          columnContentTypes={['text', 'text', 'numeric', 'numeric', 'numeric', 'text', 'text']}
          headings={[
            t('ledger.date'),
            t('ledger.kind'),
            t('ledger.points'),
            t('ledger.balance'),
            t('ledger.version'),
            t('ledger.order'),
            t('ledger.reason'),
          ]}
          rows={rows}
        />
      ) : (
        <div style={{ padding: 16 }}>
          <Text as="p" tone="subdued">
            {t('ledger.empty')}
          </Text>
        </div>
      )}
    </Card>
  );
}

/** The order in the Shopify admin: a new tab, since inside the admin's frame it would replace the panel. */
function OrderLink({ orderId, url }: { orderId: string; url: string | null }) {
  const { t } = useTranslation();
  if (!url) return <Text as="span">{t('ledger.orderNumber', { id: orderId })}</Text>;
  return (
    <Link url={url} target="_blank" accessibilityLabel={t('ledger.openOrder', { id: orderId })}>
      {t('ledger.orderNumber', { id: orderId })}
    </Link>
  );
}
