import { date, signedPoints, t } from '../i18n';
import type { HistoryEntry } from '../shared/loyalty-api';

/** The ledger's entry kinds (web/db/repositories/ledger-repository.ts); a new kind shows as "other". */
const KIND_KEYS: Record<string, string> = {
  earn: 'history.kinds.earn',
  signup: 'history.kinds.signup',
  birthday: 'history.kinds.birthday',
  reverse_refund: 'history.kinds.reverseRefund',
  reverse_cancel: 'history.kinds.reverseCancel',
  redeem: 'history.kinds.redeem',
  redeem_refund: 'history.kinds.redeemRefund',
  expire: 'history.kinds.expire',
  adjust: 'history.kinds.adjust',
  import: 'history.kinds.import',
};

export const kindKey = (kind: string) => KIND_KEYS[kind] ?? 'history.kinds.other';

export function HistorySection(props: { history: HistoryEntry[] }) {
  return (
    <s-section heading={t('history.heading')}>
      {props.history.length === 0 ? (
        <s-text color="subdued">{t('history.none')}</s-text>
      ) : (
        <s-stack gap="small-200">
          {props.history.map((entry, index) => (
            <s-stack key={index} direction="inline" justifyContent="space-between">
              <s-text>
                {t('history.entry', { date: date(entry.occurredAt), kind: t(kindKey(entry.kind)) })}
                {entry.orderId && ` ${t('history.order', { order: entry.orderId })}`}
              </s-text>
              <s-text type="strong" tone={entry.points < 0 ? 'critical' : 'success'}>
                {signedPoints(entry.points)}
              </s-text>
            </s-stack>
          ))}
        </s-stack>
      )}
    </s-section>
  );
}
