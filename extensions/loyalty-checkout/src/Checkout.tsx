/**
 * Loyalty points above the discount field (purchase.checkout.reductions.render-before): the balance, the
 * rewards it buys, a redeem button that turns points into a discount code and applies it, and the
 * return-visit discount when the customer has one:
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/extension-targets-overview
 * The CLI bundles this module's default export as the target's render function.
 */
import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { api } from './api';
import { appliedLoyaltyCode } from './applied-code';
import { BalanceLine } from './components/balance-line';
import { CodeToCopy } from './components/code-to-copy';
import { ErrorBanner } from './components/error-banner';
import { OptionList } from './components/option-list';
import { ReturnVisitOffer } from './components/return-visit-offer';
import { t } from './i18n';
import { readCachedBalance } from './loyalty-metafield';
import { withRedemption } from './shared/account-updates';
import type { RedeemResult } from './shared/loyalty-api';
import { useAccount } from './shared/use-account';
import {
  localToday,
  offerToShow,
  returnVisitFromAccount,
  returnVisitFromMetafield,
} from './shared/return-visit';
import { useRedeem } from './shared/use-redeem';

export default async () => {
  render(<LoyaltyBlock />, document.body);
};

interface Outcome {
  code: string;
  applied: boolean;
}

/**
 * Applies the new code unless the instructions forbid it; an error result (accelerated checkout, code
 * refused) or a throw leaves the code for the shopper to copy. The error's message is not localized and
 * must not be shown: https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/discounts
 */
async function applyCode(code: string): Promise<boolean> {
  if (shopify.instructions.value.discounts.canUpdateDiscountCodes === false) return false;
  try {
    return (await shopify.applyDiscountCodeChange({ type: 'addDiscountCode', code })).type === 'success';
  } catch {
    return false;
  }
}

function LoyaltyBlock() {
  // buyerIdentity is absent without protected customer data access; then only the backend's 401 tells.
  const identity = shopify.buyerIdentity;
  const customerId = identity?.customer.value?.id;
  const anonymous = identity !== undefined && !customerId;
  const cached = readCachedBalance(shopify.appMetafields.value);
  const account = useAccount(api, !anonymous, customerId);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const redeem = useRedeem(
    api,
    async (result: RedeemResult) => {
      account.update((a) => withRedemption(a, result));
      setOutcome({ code: result.code, applied: await applyCode(result.code) });
      void account.reload(); // the money value of the new balance comes with the account
    },
    (error) => {
      if (error.code === 'insufficient_points') void account.reload(); // the balance changed elsewhere
    },
  );

  if (anonymous || account.error?.code === 'not_logged_in' || redeem.failed?.error.code === 'not_logged_in')
    return <s-text color="subdued">{t('signIn')}</s-text>;

  const loaded = account.account;
  const balance = loaded ? { ...loaded.balance, value: loaded.value } : cached;
  const ours = [...(loaded?.redemptions.map((r) => r.code) ?? []), outcome?.code];
  const applied = appliedLoyaltyCode(shopify.discountCodes.value, ours);
  // The metafield is what the Discount Function reads, so without it there is nothing to announce here.
  const today = localToday();
  const returnVisit = offerToShow(
    returnVisitFromMetafield(shopify.appMetafields.value, today),
    returnVisitFromAccount(loaded, today),
    true,
  );

  return (
    <s-stack gap="small-300">
      <s-heading>{t('heading')}</s-heading>
      {balance && (
        <BalanceLine available={balance.available} pending={balance.pending} value={balance.value} />
      )}
      {returnVisit && <ReturnVisitOffer offer={returnVisit} />}
      {outcome?.applied && <s-banner tone="success">{t('result.applied', { code: outcome.code })}</s-banner>}
      {outcome && !outcome.applied && <CodeToCopy code={outcome.code} />}
      {!outcome && applied && <s-text tone="success">{t('alreadyApplied', { code: applied })}</s-text>}
      {account.error && !loaded && <ErrorBanner error={account.error} onRetry={account.reload} />}
      {redeem.failed && (
        <ErrorBanner error={redeem.failed.error} onRetry={redeem.retry} retrying={redeem.busy !== null} />
      )}
      {!loaded && account.loading && <s-spinner accessibilityLabel={t('loading')} />}
      {loaded && !outcome && !applied && (
        <OptionList
          options={loaded.options}
          available={loaded.balance.available}
          busy={redeem.busy}
          onRedeem={redeem.redeem}
        />
      )}
    </s-stack>
  );
}
