import { Badge, BlockStack, Button, Card, InlineStack, InlineError, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messagesUnder } from '../../lib/problems';
import { emptyOption, type OptionForm } from '../../lib/program-form';
import { RedemptionOptionModal } from './redemption-option-modal';

/** What points buy: the list, with add, edit (in a modal) and remove. Changes are saved with the whole form. */
export function RedemptionOptionsCard(props: {
  options: OptionForm[];
  /** Ids of the saved options: redemptions refer to them, so they cannot be changed. */
  savedIds: ReadonlySet<string>;
  onChange(options: OptionForm[]): void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { options, onChange, errors } = props;
  const [editing, setEditing] = useState<{ index: number; option: OptionForm } | null>(null);
  const save = (option: OptionForm) => {
    if (!editing) return;
    const next = [...options];
    if (editing.index === options.length) next.push(option);
    else next[editing.index] = option;
    onChange(next);
    setEditing(null);
  };
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('options.title')}
          </Text>
          <Button onClick={() => setEditing({ index: options.length, option: emptyOption() })}>
            {t('options.add')}
          </Button>
        </InlineStack>
        {errors.redemptionOptions && (
          <InlineError message={errors.redemptionOptions} fieldID="redemptionOptions" />
        )}
        {options.length === 0 && (
          <Text as="p" tone="subdued">
            {t('options.empty')}
          </Text>
        )}
        <BlockStack gap="300" as="ul">
          {options.map((option, index) => {
            const problems = messagesUnder(errors, `redemptionOptions.${index}`);
            return (
              <li key={index} style={{ listStyle: 'none' }}>
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {option.title || t('options.untitled')}
                      </Text>
                      <Badge>{t(`options.kind.${option.kind}`)}</Badge>
                    </InlineStack>
                    <Text as="span" tone="subdued">
                      {summary(option, t)}
                    </Text>
                    {problems.length > 0 && (
                      <InlineError message={problems.join(' ')} fieldID={`redemptionOptions.${index}`} />
                    )}
                  </BlockStack>
                  <InlineStack gap="200" wrap={false}>
                    <Button
                      onClick={() => setEditing({ index, option })}
                      accessibilityLabel={t('options.editNamed', { title: option.title })}
                    >
                      {t('options.edit')}
                    </Button>
                    <Button
                      tone="critical"
                      variant="plain"
                      onClick={() => onChange(options.filter((_, i) => i !== index))}
                      accessibilityLabel={t('options.removeNamed', { title: option.title })}
                    >
                      {t('options.remove')}
                    </Button>
                  </InlineStack>
                </InlineStack>
              </li>
            );
          })}
        </BlockStack>
      </BlockStack>
      {editing && (
        <RedemptionOptionModal
          option={editing.option}
          isNew={editing.index === options.length}
          idLocked={props.savedIds.has(editing.option.id)}
          errors={Object.fromEntries(
            Object.entries(errors)
              .filter(([field]) => field.startsWith(`redemptionOptions.${editing.index}.`))
              .map(([field, message]) => [
                field.slice(`redemptionOptions.${editing.index}.`.length),
                message,
              ]),
          )}
          onSave={save}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

function summary(option: OptionForm, t: (key: string, values?: Record<string, unknown>) => string): string {
  return option.kind === 'pay_with_points'
    ? t('options.summaryPay', {
        points: option.pointsStep,
        value: option.stepValue,
        share: option.maxShareOfSubtotal,
      })
    : t('options.summary', { points: option.pointsCost, id: option.id });
}
