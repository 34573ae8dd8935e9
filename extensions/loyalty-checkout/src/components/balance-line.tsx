import { money, points, t } from '../i18n';
import type { Money } from '../shared/loyalty-api';

export function BalanceLine(props: { available: number; pending: number; value: Money | null }) {
  const { available, pending, value } = props;
  return (
    <s-stack gap="none">
      <s-text>
        {value
          ? t('balance.withValue', { points: points(available), value: money(value) })
          : t('balance.plain', { points: points(available) })}
      </s-text>
      {pending > 0 && (
        <s-text color="subdued" type="small">
          {t('balance.pending', { points: points(pending) })}
        </s-text>
      )}
    </s-stack>
  );
}
