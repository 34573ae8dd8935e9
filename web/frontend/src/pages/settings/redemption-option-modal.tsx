import { Checkbox, FormLayout, Modal, Select, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_FIELDS, OPTION_KINDS, type OptionForm, type OptionNumberField } from '../../lib/program-form';

/** One redemption option's fields, by kind (web/loyalty/redemption-options.ts). */
export function RedemptionOptionModal(props: {
  option: OptionForm;
  isNew: boolean;
  idLocked: boolean;
  errors: Record<string, string>;
  onSave(option: OptionForm): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [option, setOption] = useState(props.option);
  const edit = (patch: Partial<OptionForm>) => setOption((o) => ({ ...o, ...patch }));
  const { errors } = props;
  const number = (field: OptionNumberField) => (
    <TextField
      key={field}
      label={t(`options.${field}`)}
      helpText={t(`options.${field}Help`)}
      value={option[field]}
      onChange={(value) => edit({ [field]: value })}
      autoComplete="off"
      inputMode="decimal"
      error={errors[field]}
    />
  );
  return (
    <Modal
      open
      onClose={props.onClose}
      title={props.isNew ? t('options.addTitle') : t('options.editTitle', { title: props.option.title })}
      primaryAction={{ content: t('options.apply'), onAction: () => props.onSave(option) }}
      secondaryActions={[{ content: t('common.cancel'), onAction: props.onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          <Select
            label={t('options.kindLabel')}
            options={OPTION_KINDS.map((kind) => ({ value: kind, label: t(`options.kind.${kind}`) }))}
            value={option.kind}
            onChange={(kind) => edit({ kind: kind as OptionForm['kind'] })}
            error={errors.kind}
          />
          <FormLayout.Group>
            <TextField
              label={t('options.titleLabel')}
              value={option.title}
              onChange={(title) => edit({ title })}
              autoComplete="off"
              maxLength={80}
              error={errors.title}
            />
            <TextField
              label={t('options.id')}
              helpText={t('options.idHelp')}
              value={option.id}
              onChange={(id) => edit({ id })}
              autoComplete="off"
              disabled={props.idLocked}
              error={errors.id}
            />
          </FormLayout.Group>
          <FormLayout.Group>{KIND_FIELDS[option.kind].map(number)}</FormLayout.Group>
          <TextField
            label={t('options.minimumSubtotal')}
            helpText={t('options.minimumSubtotalHelp')}
            value={option.minimumSubtotal}
            onChange={(minimumSubtotal) => edit({ minimumSubtotal })}
            autoComplete="off"
            inputMode="decimal"
            error={errors.minimumSubtotal}
          />
          <Checkbox
            label={t('options.combines')}
            checked={option.combinesWithOtherDiscounts}
            onChange={(combinesWithOtherDiscounts) => edit({ combinesWithOtherDiscounts })}
            error={errors.combinesWithOtherDiscounts}
          />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
