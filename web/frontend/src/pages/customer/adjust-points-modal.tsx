import { Banner, BlockStack, Checkbox, FormLayout, Modal, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AdjustmentDraft, adjustmentBody, missingFields } from '../../lib/adjustment';
import { problemsByField } from '../../lib/problems';
import { useFormat } from '../../lib/use-format';
import type { ApiError } from '../../shell/api-client';
import { usePanel } from '../../shell/panel-context';

const EMPTY: AdjustmentDraft = { points: '', reason: '', allowNegative: false };
const FIELDS = new Set(['points', 'reason', 'allowNegative']);

/**
 * Points ± with a required reason, then a confirmation naming the customer and the money value. Each confirmed
 * attempt gets its own Idempotency-Key; sending the same attempt again (after an error) reuses it, so a request
 * that reached the server before the connection dropped is not applied twice.
 */
export function AdjustPointsModal(props: {
  open: boolean;
  customerId: string;
  customerName: string;
  onClose(): void;
  onDone(message: string): void;
}) {
  const { t } = useTranslation();
  const { api } = usePanel();
  const f = useFormat();
  const [draft, setDraft] = useState(EMPTY);
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  // "Review" was pressed with a field still missing: those fields say what they lack
  const [reviewTried, setReviewTried] = useState(false);
  useEffect(() => {
    if (props.open) {
      setDraft(EMPTY);
      setStep('edit');
      setAttemptKey(null);
      setError(null);
      setReviewTried(false);
    }
  }, [props.open]);

  const body = adjustmentBody(draft);
  const edit = (patch: Partial<AdjustmentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const problems = problemsByField(error && 'problems' in error ? error.problems : [], FIELDS);
  const missing = reviewTried ? missingFields(draft) : [];
  const missingText = { points: t('adjust.pointsMissing'), reason: t('adjust.reasonMissing') };
  const fieldError = (field: 'points' | 'reason') =>
    problems.byField[field] ?? (missing.includes(field) ? missingText[field] : undefined);
  const amount = body ? Math.abs(body.points) : 0;
  const sentenceKey = body && body.points < 0 ? 'adjust.confirmRemove' : 'adjust.confirmAdd';

  const confirm = async () => {
    if (!body) return;
    const key = attemptKey ?? crypto.randomUUID();
    setAttemptKey(key);
    setSending(true);
    setError(null);
    try {
      await api.send('POST', `/api/customers/${encodeURIComponent(props.customerId)}/adjustments`, body, {
        'Idempotency-Key': key,
      });
      props.onDone(t('adjust.done'));
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setSending(false);
    }
  };
  const review = () => {
    setReviewTried(true);
    if (!body) return;
    setError(null); // what the last attempt met is shown on the fields; this is a new attempt
    setStep('confirm');
  };
  const back = () => {
    setStep('edit');
    setAttemptKey(null); // a changed request is a new attempt with a new key
  };

  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={t('adjust.title', { name: props.customerName })}
      primaryAction={
        step === 'edit'
          ? { content: t('adjust.review'), onAction: review }
          : {
              content: t(error ? 'adjust.retry' : 'adjust.confirm'),
              loading: sending,
              onAction: () => void confirm(),
            }
      }
      secondaryActions={[
        step === 'edit'
          ? { content: t('common.cancel'), onAction: props.onClose }
          : { content: t('adjust.back'), onAction: back, disabled: sending },
      ]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {error && (
            <Banner tone="critical" title={t('adjust.failed')}>
              <p>{error.message}</p>
            </Banner>
          )}
          {step === 'edit' ? (
            <FormLayout>
              <TextField
                label={t('adjust.points')}
                helpText={t('adjust.pointsHelp')}
                type="number"
                value={draft.points}
                onChange={(points) => edit({ points })}
                autoComplete="off"
                error={fieldError('points')}
              />
              <TextField
                label={t('adjust.reason')}
                value={draft.reason}
                onChange={(reason) => edit({ reason })}
                multiline={2}
                maxLength={500}
                requiredIndicator
                autoComplete="off"
                error={fieldError('reason')}
              />
              {body && body.points < 0 && (
                <Checkbox
                  label={t('adjust.allowNegative')}
                  helpText={t('adjust.allowNegativeHelp')}
                  checked={draft.allowNegative}
                  onChange={(allowNegative) => edit({ allowNegative })}
                />
              )}
            </FormLayout>
          ) : (
            body && (
              <Text as="p" variant="bodyLg">
                {t(sentenceKey, {
                  count: amount,
                  points: f.number(amount),
                  value: f.worth(amount) ?? '—',
                  name: props.customerName,
                  reason: body.reason,
                })}
              </Text>
            )
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
