import { TitleBar } from '@shopify/app-bridge-react';
import {
  Banner,
  BlockStack,
  ContextualSaveBar,
  Layout,
  Page,
  SkeletonBodyText,
  Card,
  Toast,
} from '@shopify/polaris';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgramVersionView } from '../../lib/api-types';
import { type FieldProblems, problemsByField } from '../../lib/problems';
import { formFields, type ProgramForm, sameForm, toBody, toForm } from '../../lib/program-form';
import { ApiError } from '../../shell/api-client';
import { ErrorBanner } from '../../shell/error-banner';
import { usePanel } from '../../shell/panel-context';
import { useShop } from '../../shell/shop-context';
import { useApiData } from '../../shell/use-api-data';
import { DevaluationModal, type ProgramChange } from './devaluation-modal';
import { EarningCard } from './earning-card';
import { RedemptionOptionsCard } from './redemption-options-card';
import { ReturnVisitCard } from './return-visit-card';
import { VersionHistory } from './version-history';

const NO_PROBLEMS: FieldProblems = { byField: {}, unmatched: [] };

/**
 * Every program setting. Saving first asks the server whether the change devalues points (POST
 * /api/program/preview), confirms that in a modal, then PUTs the program. A preview that fails saves nothing: a
 * 422's problems go on their fields, those without a field and any other failure into the banner on top.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const { api } = usePanel();
  const shop = useShop();
  const program = useApiData<Record<string, unknown>>('/api/program');
  const versions = useApiData<{ versions: ProgramVersionView[] }>('/api/program/versions');
  const [loaded, setLoaded] = useState<ProgramForm | null>(null);
  const [form, setForm] = useState<ProgramForm | null>(null);
  const [problems, setProblems] = useState(NO_PROBLEMS);
  const [failure, setFailure] = useState<Error | null>(null);
  const [pending, setPending] = useState<ProgramChange | null>(null);
  const [saving, setSaving] = useState(false);
  const [toast, setToast] = useState<string | null>(null);

  useEffect(() => {
    if (!program.data) return;
    const fresh = toForm(program.data);
    setLoaded(fresh);
    setForm(fresh);
  }, [program.data]);
  const savedIds = useMemo(() => new Set(loaded?.redemptionOptions.map((o) => o.id)), [loaded]);
  // what the confirmation calls an option: its title as edited, a removed one's as saved
  const titles = useMemo(
    () =>
      new Map(
        [...(loaded?.redemptionOptions ?? []), ...(form?.redemptionOptions ?? [])].map((o) => [
          o.id,
          o.title,
        ]),
      ),
    [loaded, form],
  );

  const refused = (error: unknown, current: ProgramForm) => {
    if (error instanceof ApiError && error.status === 422 && error.problems.length)
      setProblems(problemsByField(error.problems, formFields(current)));
    else setFailure(error instanceof Error ? error : new Error(String(error)));
  };
  const put = async (current: ProgramForm) => {
    setSaving(true);
    try {
      const saved = toForm(await api.send<Record<string, unknown>>('PUT', '/api/program', toBody(current)));
      setLoaded(saved);
      setForm(saved);
      setPending(null);
      setToast(t('settings.saved'));
      versions.reload();
      shop.reload();
    } catch (error) {
      setPending(null);
      refused(error, current);
    } finally {
      setSaving(false);
    }
  };
  const save = async () => {
    if (!form) return;
    setProblems(NO_PROBLEMS);
    setFailure(null);
    setSaving(true);
    let change: ProgramChange;
    try {
      change = (await api.send<{ change: ProgramChange }>('POST', '/api/program/preview', toBody(form)))
        .change;
    } catch (error) {
      setSaving(false);
      return refused(error, form);
    }
    setSaving(false);
    if (change.devaluesPoints) setPending(change);
    else await put(form);
  };

  if (!form)
    return (
      <Page title={t('settings.title')}>
        <TitleBar title={t('settings.title')} />
        {program.error ? (
          <ErrorBanner title={t('settings.loadFailed')} error={program.error} onRetry={program.reload} />
        ) : (
          <Card>
            <SkeletonBodyText lines={10} />
          </Card>
        )}
      </Page>
    );
  const dirty = loaded !== null && !sameForm(form, loaded);
  const edit = (patch: Partial<ProgramForm>) => setForm((f) => f && { ...f, ...patch });
  const errors = problems.byField;
  return (
    <Page title={t('settings.title')}>
      <TitleBar title={t('settings.title')} />
      {dirty && (
        <ContextualSaveBar
          message={t('settings.unsaved')}
          saveAction={{ content: t('settings.save'), onAction: () => void save(), loading: saving }}
          discardAction={{
            content: t('settings.discard'),
            onAction: () => {
              setForm(loaded);
              setProblems(NO_PROBLEMS);
              setFailure(null);
            },
          }}
        />
      )}
      <Layout>
        {(problems.unmatched.length > 0 || failure) && (
          <Layout.Section>
            {failure ? (
              <ErrorBanner title={t('settings.saveFailed')} error={failure} />
            ) : (
              <Banner tone="critical" title={t('settings.problems')}>
                <ul>
                  {problems.unmatched.map((p, i) => (
                    <li key={i}>{p.field ? `${p.field}: ${p.message}` : p.message}</li>
                  ))}
                </ul>
              </Banner>
            )}
          </Layout.Section>
        )}
        {Object.keys(errors).length > 0 && !problems.unmatched.length && (
          <Layout.Section>
            <Banner tone="critical" title={t('settings.fixFields')} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <EarningCard form={form} edit={edit} errors={errors} />
            <RedemptionOptionsCard
              options={form.redemptionOptions}
              savedIds={savedIds}
              onChange={(redemptionOptions) => edit({ redemptionOptions })}
              errors={errors}
            />
            <ReturnVisitCard
              value={form.returnVisit}
              onChange={(returnVisit) => edit({ returnVisit })}
              errors={errors}
            />
            <VersionHistory versions={versions} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      {pending && (
        <DevaluationModal
          change={pending}
          titles={titles}
          saving={saving}
          onConfirm={() => void put(form)}
          onClose={() => setPending(null)}
        />
      )}
      {toast && <Toast content={toast} onDismiss={() => setToast(null)} />}
    </Page>
  );
}
