import { points, t } from '../i18n';
import type { RedemptionOption } from '../shared/loyalty-api';
import { splitByAffordability } from '../shared/options';
import type { RedeemAttempt } from '../shared/redeem-attempt';
import { PayWithPoints } from './pay-with-points';

/** Rewards the balance covers get a button; the others say how many points are still missing. */
export function OptionList(props: {
  options: RedemptionOption[];
  available: number;
  busy: RedeemAttempt | null;
  onRedeem: (optionId: string, points?: number) => void;
}) {
  const { options, available, busy, onRedeem } = props;
  const { affordable, unaffordable } = splitByAffordability(options, available);
  if (!options.length) return <s-text color="subdued">{t('options.none')}</s-text>;
  return (
    <s-stack gap="small-300">
      {affordable.map((option) =>
        option.kind === 'pay_with_points' ? (
          <PayWithPoints
            key={option.id}
            option={option}
            available={available}
            busy={busy?.optionId === option.id}
            onRedeem={(chosen) => onRedeem(option.id, chosen)}
          />
        ) : (
          <s-stack key={option.id} direction="inline" justifyContent="space-between" alignItems="center">
            <s-text>{t('options.cost', { title: option.title, points: points(option.pointsCost) })}</s-text>
            <s-button
              variant="secondary"
              loading={busy?.optionId === option.id}
              onClick={() => onRedeem(option.id)}
            >
              {t('options.redeem')}
            </s-button>
          </s-stack>
        ),
      )}
      {unaffordable.map(({ option, pointsNeeded }) => (
        <s-text key={option.id} color="subdued">
          {t('options.needed', { title: option.title, points: points(pointsNeeded) })}
        </s-text>
      ))}
    </s-stack>
  );
}
