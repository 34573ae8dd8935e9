import { BlockStack, List, Modal, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/money';
import { usePanel } from '../../shell/panel-context';
import { useShop } from '../../shell/shop-context';

export type OptionChange = 'added' | 'removed' | 'better' | 'worse' | 'mixed';

/** POST /api/program/preview's `change` (web/loyalty/program-change.ts). */
export interface ProgramChange {
  devaluesPoints: boolean;
  pointValue: { from: string; to: string };
  earnRate: { from: string; to: string };
  existingPointsKeepValue: boolean;
  redemptionOptions: Array<{ id: string; change: OptionChange }>;
}

/** The option changes that make points already held buy less (added and better ones do not). */
const LOSSES = new Set<OptionChange>(['removed', 'worse', 'mixed']);

/**
 * Asks before a save that makes a point worth less (the server's `devaluesPoints`, which implies that points
 * already held do not keep their value), saying how: the point value's from and to, and each redemption option
 * that was removed or now gives less. `titles` names options by id, removed ones included.
 */
export function DevaluationModal(props: {
  change: ProgramChange;
  titles: ReadonlyMap<string, string>;
  saving: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { language } = usePanel();
  const { currencyCode } = useShop();
  const { change } = props;
  const money = (amount: string) =>
    currencyCode ? formatMoney(amount, currencyCode, language, { precise: true }) : amount;
  const from = Number(change.pointValue.from);
  const to = Number(change.pointValue.to);
  const losses = change.redemptionOptions.filter((option) => LOSSES.has(option.change));
  return (
    <Modal
      open
      onClose={props.onClose}
      title={t('devalue.title')}
      primaryAction={{
        content: t('devalue.confirm'),
        destructive: true,
        loading: props.saving,
        onAction: props.onConfirm,
      }}
      secondaryActions={[{ content: t('common.cancel'), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {from !== to && (
            <Text as="p" variant="bodyLg">
              {t(to < from ? 'devalue.lose' : 'devalue.gain', {
                from: money(change.pointValue.from),
                to: money(change.pointValue.to),
              })}
            </Text>
          )}
          {losses.length > 0 && (
            <>
              <Text as="p">{t('devalue.options')}</Text>
              <List type="bullet">
                {losses.map((option) => (
                  <List.Item key={option.id}>
                    {t('devalue.option', {
                      title: props.titles.get(option.id) || option.id,
                      change: t(`devalue.${option.change}`),
                    })}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
