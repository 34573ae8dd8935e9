import { Banner, BlockStack, Button, Card, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveResponse } from '../../lib/download';
import { usePanel } from '../../shell/panel-context';

const EXPORTS = [
  { path: '/api/exports/balances.csv', name: 'balances.csv', key: 'exports.balances' },
  { path: '/api/exports/ledger.csv', name: 'ledger.csv', key: 'exports.ledger' },
] as const;

export function ExportCard() {
  const { t } = useTranslation();
  const { api } = usePanel();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const download = async (path: string, name: string) => {
    setBusy(path);
    setError(null);
    try {
      await saveResponse(await api.request(path, { headers: { Accept: 'text/csv' } }), name);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('exports.title')}
        </Text>
        <Text as="p" tone="subdued">
          {t('exports.intro')}
        </Text>
        {error && (
          <Banner tone="critical" title={t('exports.failed')}>
            <p>{error.message}</p>
          </Banner>
        )}
        {EXPORTS.map(({ path, name, key }) => (
          <Button
            key={path}
            onClick={() => void download(path, name)}
            loading={busy === path}
            disabled={busy !== null}
          >
            {t(key)}
          </Button>
        ))}
      </BlockStack>
    </Card>
  );
}
