/**
 * "You earned N points" on the thank-you page (purchase.thank-you.block.render, all plans). The order id
 * comes from the OrderConfirmationApi (`shopify.orderConfirmation.value.order.id`, a gid):
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/extension-targets-overview
 * Guests (no customer in the session token, 401) see nothing: they have no points to collect.
 *
 * After a first order it also shows the return-visit discount once the app has granted it. The target's
 * OrderConfirmationApi & StandardApi has `appMetafields`, so the `return_visit` metafield (declared for this
 * target in shopify.extension.toml) counts too, but the app writes it seconds after the order, so mostly the
 * balance call tells. Until one of them does, nothing is promised: the merchant may have the discount off.
 */
import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { api } from './api';
import { ReturnVisitOffer } from './components/return-visit-offer';
import { money, points, t } from './i18n';
import { orderIdFromGid } from './order-points';
import { ERROR_KEYS } from './shared/loyalty-api';
import {
  localToday,
  offerToShow,
  returnVisitFromAccount,
  returnVisitFromMetafield,
} from './shared/return-visit';
import { useOrderPoints } from './use-order-points';
import { useReturnVisitAccount } from './use-return-visit';

export default async () => {
  render(<ThankYou />, document.body);
};

function ThankYou() {
  const firstOrder = shopify.orderConfirmation.value.isFirstOrder;
  const account = useReturnVisitAccount(api, firstOrder);
  const today = localToday();
  const offer = firstOrder
    ? offerToShow(
        returnVisitFromMetafield(shopify.appMetafields.value, today),
        returnVisitFromAccount(account, today),
        false,
      )
    : null; // a later order has most likely just used it
  return (
    <s-stack gap="base">
      <EarnedPoints />
      {offer && <ReturnVisitOffer offer={offer} />}
    </s-stack>
  );
}

function EarnedPoints() {
  const orderId = orderIdFromGid(shopify.orderConfirmation.value.order.id);
  const state = useOrderPoints(api, orderId);
  if (orderId === null) return null;
  switch (state.status) {
    case 'loading':
      return <s-spinner accessibilityLabel={t('thankYou.loading')} />;
    case 'waiting':
      return <s-text color="subdued">{t('thankYou.shortly')}</s-text>;
    case 'error':
      if (state.error.code === 'not_logged_in') return null;
      return <s-text color="subdued">{t(ERROR_KEYS[state.error.code])}</s-text>;
    case 'ready': {
      const earned = state.points;
      if (earned.points <= 0) return null;
      return (
        <s-stack gap="small-200">
          <s-heading>{t('thankYou.heading')}</s-heading>
          <s-text>
            {t('thankYou.earned', { points: points(earned.points), value: money(earned.value) })}
          </s-text>
          {earned.pending && (
            <s-stack direction="inline" gap="small-200" alignItems="center">
              <s-badge>{t('thankYou.pending')}</s-badge>
              <s-text color="subdued">{t('thankYou.pendingHint')}</s-text>
            </s-stack>
          )}
        </s-stack>
      );
    }
  }
}
