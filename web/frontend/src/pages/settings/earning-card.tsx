import { BlockStack, Card, Checkbox, FormLayout, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/money';
import type { ProgramForm } from '../../lib/program-form';
import { usePanel } from '../../shell/panel-context';
import { useShop } from '../../shell/shop-context';

type Edit = (patch: Partial<ProgramForm>) => void;

/** Earning, point value and the program's limits. */
export function EarningCard(props: { form: ProgramForm; edit: Edit; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const { language } = usePanel();
  const { currencyCode } = useShop();
  const { form, edit, errors } = props;
  const perPoint = /^\d+(\.\d{1,6})?$/.test(form.pointValue.trim()) && currencyCode;
  const field = (key: keyof ProgramForm & string, opts: { suffix?: string; help?: string } = {}) => (
    <TextField
      label={t(`settings.${key}`)}
      value={String(form[key] ?? '')}
      onChange={(value) => edit({ [key]: value })}
      autoComplete="off"
      inputMode="decimal"
      error={errors[key]}
      {...(opts.suffix && { suffix: opts.suffix })}
      helpText={opts.help ?? t(`settings.${key}Help`)}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t('settings.earning')}
        </Text>
        <FormLayout>
          <FormLayout.Group>
            {field('earnRate')}
            {field('pointValue', {
              help: perPoint
                ? t('settings.pointValueIs', {
                    value: formatMoney(form.pointValue.trim(), currencyCode, language, { precise: true }),
                  })
                : t('settings.pointValueHelp'),
            })}
          </FormLayout.Group>
          <Checkbox
            label={t('settings.includeShipping')}
            checked={form.includeShipping}
            onChange={(includeShipping) => edit({ includeShipping })}
            error={errors.includeShipping}
          />
          <FormLayout.Group>
            {field('pendingDays', { suffix: t('settings.days') })}
            {field('expiryMonths', { suffix: t('settings.months') })}
          </FormLayout.Group>
          <FormLayout.Group>
            {field('signupBonus', { suffix: t('settings.pointsUnit') })}
            {field('maxPointsPerOrder', { suffix: t('settings.pointsUnit') })}
          </FormLayout.Group>
          <FormLayout.Group>
            {field('codeLifetimeDays', { suffix: t('settings.days') })}
            {field('breakageAssumption', { suffix: '%' })}
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
