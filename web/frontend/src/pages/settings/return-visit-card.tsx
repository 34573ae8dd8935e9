import { BlockStack, Card, Checkbox, FormLayout, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ReturnVisitForm } from '../../lib/program-form';

/** The return-visit discount after a first order (docs/design.md 3.8). */
export function ReturnVisitCard(props: {
  value: ReturnVisitForm;
  onChange(value: ReturnVisitForm): void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { value, onChange, errors } = props;
  const edit = (patch: Partial<ReturnVisitForm>) => onChange({ ...value, ...patch });
  const text = (key: 'percentage' | 'minimumSubtotal' | 'windowDays', suffix?: string) => (
    <TextField
      label={t(`returnVisit.${key}`)}
      helpText={t(`returnVisit.${key}Help`)}
      value={value[key]}
      onChange={(input) => edit({ [key]: input })}
      autoComplete="off"
      inputMode="decimal"
      disabled={!value.enabled}
      error={errors[`returnVisit.${key}`]}
      {...(suffix && { suffix })}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t('returnVisit.title')}
        </Text>
        <Text as="p" tone="subdued">
          {t('returnVisit.intro')}
        </Text>
        <FormLayout>
          <Checkbox
            label={t('returnVisit.enabled')}
            checked={value.enabled}
            onChange={(enabled) => edit({ enabled })}
            error={errors['returnVisit.enabled']}
          />
          <FormLayout.Group>
            {text('percentage', '%')}
            {text('minimumSubtotal')}
            {text('windowDays', t('settings.days'))}
          </FormLayout.Group>
          <Checkbox
            label={t('returnVisit.regularPriceOnly')}
            helpText={t('returnVisit.regularPriceOnlyHelp')}
            checked={value.regularPriceOnly}
            disabled={!value.enabled}
            onChange={(regularPriceOnly) => edit({ regularPriceOnly })}
            error={errors['returnVisit.regularPriceOnly']}
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
