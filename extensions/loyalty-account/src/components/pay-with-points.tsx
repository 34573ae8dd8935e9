import { useState } from 'preact/hooks';
import { money, points, t } from '../i18n';
import type { RedemptionOption } from '../shared/loyalty-api';
import { clampToStep, maxPayWithPoints, minimumPoints, payWithPointsValue } from '../shared/options';

/**
 * Pay with points: any multiple of the option's step, up to what the balance covers. The field steps by
 * pointsStep; whatever is typed is snapped to a valid multiple before it is sent.
 */
export function PayWithPoints(props: {
  option: RedemptionOption;
  available: number;
  busy: boolean;
  onRedeem: (points: number) => void;
}) {
  const { option, available, busy, onRedeem } = props;
  const step = minimumPoints(option);
  const max = maxPayWithPoints(option, available);
  const [chosen, setChosen] = useState(max);
  const value = payWithPointsValue(option, chosen);
  const onChange = (event: Event) =>
    setChosen(clampToStep(Number((event.currentTarget as HTMLInputElement).value), step, max));
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{option.title}</s-text>
      <s-number-field
        label={t('payWithPoints.label')}
        value={String(chosen)}
        min={step}
        max={max}
        step={step}
        inputMode="numeric"
        onChange={onChange}
      />
      <s-button variant="secondary" loading={busy} onClick={() => onRedeem(chosen)}>
        {value
          ? t('payWithPoints.redeemFor', { points: points(chosen), value: money(value) })
          : t('payWithPoints.redeem', { points: points(chosen) })}
      </s-button>
    </s-stack>
  );
}
