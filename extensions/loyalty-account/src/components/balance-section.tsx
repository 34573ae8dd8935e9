import { money, points, t } from '../i18n';
import type { LoyaltyAccount } from '../shared/loyalty-api';

export function BalanceSection(props: { account: LoyaltyAccount }) {
  const { balance, value, tier } = props.account;
  return (
    <s-section heading={t('balance.heading')}>
      <s-stack gap="small-200">
        <s-text type="strong">
          {t('balance.available', { points: points(balance.available), value: money(value) })}
        </s-text>
        {balance.pending > 0 && (
          <s-text color="subdued">{t('balance.pending', { points: points(balance.pending) })}</s-text>
        )}
        {tier && <s-badge>{t('balance.tier', { tier })}</s-badge>}
      </s-stack>
    </s-section>
  );
}
