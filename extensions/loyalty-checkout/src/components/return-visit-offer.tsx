import { calendarDate, money, percent, t } from '../i18n';
import type { OfferOnScreen } from '../shared/return-visit';

/**
 * "Welcome back: 15 % off your regular-priced items until …". Without the percentage (only the metafield is
 * known yet) the line names the discount without a number rather than guess one. The minimum is said when there
 * is one, because the Function gives nothing below it.
 */
export function ReturnVisitOffer(props: { offer: OfferOnScreen }) {
  const { eligibleUntil, percentage, minimumSubtotal, regularPriceOnly } = props.offer;
  const date = calendarDate(eligibleUntil);
  const headline =
    percentage === null
      ? t('returnVisit.discount', { date })
      : t(regularPriceOnly ? 'returnVisit.percentRegular' : 'returnVisit.percentAll', {
          percentage: percent(percentage),
          date,
        });
  const minimum = minimumSubtotal && Number(minimumSubtotal.amount) > 0 ? minimumSubtotal : null;
  return (
    <s-banner tone="info">
      <s-stack gap="none">
        <s-text>{headline}</s-text>
        {minimum && (
          <s-text color="subdued">
            {t(regularPriceOnly ? 'returnVisit.minimumRegular' : 'returnVisit.minimumAll', {
              amount: money(minimum),
            })}
          </s-text>
        )}
      </s-stack>
    </s-banner>
  );
}
