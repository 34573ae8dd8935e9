/**
 * The Loyalty page in customer accounts (customer-account.page.render, a full-page extension the merchant
 * adds to the account menu): balance, tier, rewards, unused codes, history and the return-visit discount, all
 * from the app backend, since the customer-account StandardApi has no appMetafields:
 * https://shopify.dev/docs/api/customer-account-ui-extensions/latest/extension-targets-overview
 * The CLI bundles this module's default export as the target's render function.
 */
import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { BalanceSection } from './components/balance-section';
import { CodeCard } from './components/code-card';
import { ErrorBanner } from './components/error-banner';
import { HistorySection } from './components/history-section';
import { OptionList } from './components/option-list';
import { ReturnVisitOffer } from './components/return-visit-offer';
import { points, t } from './i18n';
import { withCancellation, withRedemption } from './shared/account-updates';
import type { CancelResult, RedeemResult } from './shared/loyalty-api';
import { localToday, returnVisitFromAccount } from './shared/return-visit';
import { useAccount } from './shared/use-account';
import { useRedeem } from './shared/use-redeem';
import { fetchStorefrontUrl } from './storefront-url';
import { useCancel } from './use-cancel';

export default async () => {
  render(<LoyaltyPage />, document.body);
};

function LoyaltyPage() {
  const account = useAccount(api, true);
  const [storefrontUrl, setStorefrontUrl] = useState<string | null>(null);
  const [latest, setLatest] = useState<number | null>(null);
  useEffect(() => void fetchStorefrontUrl((query) => shopify.query(query)).then(setStorefrontUrl), []);

  const redeem = useRedeem(
    api,
    (result: RedeemResult) => {
      account.update((a) => withRedemption(a, result));
      setLatest(result.redemptionId);
      void account.reload(); // the money value and the history entry of the redemption
    },
    (error) => {
      if (error.code === 'insufficient_points') void account.reload();
    },
  );
  const cancel = useCancel((result: CancelResult) => {
    account.update((a) => withCancellation(a, result));
    void shopify.toast.show(t('codes.cancelled'));
    void account.reload();
  });

  const loaded = account.account;
  if (!loaded)
    return (
      <s-page heading={t('page.title')}>
        {account.error ? (
          <ErrorBanner error={account.error} onRetry={account.reload} retrying={account.loading} />
        ) : (
          <s-spinner accessibilityLabel={t('page.loading')} />
        )}
      </s-page>
    );

  // The page has no appMetafields (customer-account StandardApi): the balance answer is the only source.
  const returnVisit = returnVisitFromAccount(loaded, localToday());
  const active = loaded.redemptions.filter((r) => r.status === 'active');
  const fresh = active.find((r) => r.redemptionId === latest);
  const card = (redemption: (typeof active)[number]) => (
    <CodeCard
      key={redemption.redemptionId}
      redemption={redemption}
      storefrontUrl={storefrontUrl}
      cancelling={cancel.cancelling === redemption.redemptionId}
      onCancel={() => cancel.cancel(redemption.redemptionId)}
    />
  );

  return (
    <s-page heading={t('page.title')}>
      <s-stack gap="base">
        {fresh && (
          <s-banner tone="success" heading={t('codes.ready', { points: points(fresh.pointsSpent) })}>
            {card(fresh)}
          </s-banner>
        )}
        {redeem.failed && (
          <ErrorBanner error={redeem.failed.error} onRetry={redeem.retry} retrying={redeem.busy !== null} />
        )}
        {cancel.error && <ErrorBanner error={cancel.error} />}
        {returnVisit && <ReturnVisitOffer offer={returnVisit} />}
        <BalanceSection account={loaded} />
        <s-section heading={t('rewards.heading')}>
          <OptionList
            options={loaded.options}
            available={loaded.balance.available}
            busy={redeem.busy}
            onRedeem={redeem.redeem}
          />
        </s-section>
        <s-section heading={t('codes.heading')}>
          {active.length > (fresh ? 1 : 0) ? (
            <s-stack gap="base">{active.filter((r) => r !== fresh).map(card)}</s-stack>
          ) : (
            <s-text color="subdued">{t('codes.none')}</s-text>
          )}
        </s-section>
        <HistorySection history={loaded.history} />
      </s-stack>
    </s-page>
  );
}
