import { Banner, BlockStack, Button, Card, DropZone, InlineStack, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportCheck, ImportView } from '../../lib/api-types';
import { headerFileName } from '../../lib/download';
import { useFormat } from '../../lib/use-format';
import { usePanel } from '../../shell/panel-context';
import { ImportProgress } from './import-progress';
import { ProblemRows } from './problem-rows';

/**
 * A CSV of balances (from Smile, LoyaltyLion, Yotpo ...): "Check file" sends it as a dry run and shows what would
 * be refused; "Import" sends it for real and follows the import until it is done.
 */
export function ImportCard({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const { api } = usePanel();
  const f = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [started, setStarted] = useState<ImportView | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const upload = async <T,>(path: string, kind: 'check' | 'import'): Promise<T | null> => {
    if (!file) return null;
    setBusy(kind);
    setError(null);
    try {
      return await api.send<T>('POST', path, file, {
        'Content-Type': 'text/csv',
        'X-File-Name': headerFileName(file.name),
      });
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const choose = (files: File[]) => {
    setFile(files[0] ?? null);
    setCheck(null);
    setStarted(null);
    setError(null);
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t('imports.importTitle')}
        </Text>
        <Text as="p" tone="subdued">
          {t('imports.intro')}
        </Text>
        <DropZone
          label={t('imports.file')}
          accept=".csv,text/csv"
          type="file"
          allowMultiple={false}
          onDrop={(_all, accepted) => choose(accepted)}
        >
          {file ? (
            <div style={{ padding: 16 }}>
              <Text as="p" fontWeight="semibold">
                {file.name}
              </Text>
              <Text as="p" tone="subdued">
                {t('imports.fileSize', { size: f.number(Math.ceil(file.size / 1024)) })}
              </Text>
            </div>
          ) : (
            <DropZone.FileUpload actionTitle={t('imports.chooseFile')} actionHint={t('imports.dropHint')} />
          )}
        </DropZone>
        {error && (
          <Banner tone="critical" title={t('imports.failed')}>
            <p>{error.message}</p>
          </Banner>
        )}
        <InlineStack gap="200">
          <Button
            disabled={!file || busy !== null}
            loading={busy === 'check'}
            onClick={() =>
              void upload<ImportCheck>('/api/imports?dryRun=true', 'check').then((c) => c && setCheck(c))
            }
          >
            {t('imports.check')}
          </Button>
          <Button
            variant="primary"
            disabled={!file || busy !== null || (started !== null && started.status !== 'failed')}
            loading={busy === 'import'}
            onClick={() =>
              void upload<{ import: ImportView }>('/api/imports', 'import').then((answer) => {
                if (!answer) return;
                setStarted(answer.import);
                onImported();
              })
            }
          >
            {t('imports.import')}
          </Button>
        </InlineStack>
        {check && (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t('imports.checkResult', {
                valid: f.number(check.validRows),
                total: f.number(check.totalRows),
              })}
            </Text>
            <ProblemRows problems={check.problems} count={check.problemCount ?? check.problems.length} />
          </BlockStack>
        )}
        {started && <ImportProgress started={started} onFinished={onImported} />}
      </BlockStack>
    </Card>
  );
}
