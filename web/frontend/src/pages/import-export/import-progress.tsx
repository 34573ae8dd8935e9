import { Badge, Banner, BlockStack, ProgressBar, Text } from '@shopify/polaris';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportView } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';
import { isFinished, useImportPoll } from '../../lib/use-import-poll';
import { ProblemRows } from './problem-rows';
import { StatusBadge } from './status-badge';

/** A running import's progress (processed of valid rows), then its result. */
export function ImportProgress({ started, onFinished }: { started: ImportView; onFinished(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { view, error } = useImportPoll(started);
  const finished = view !== null && isFinished(view);
  useEffect(() => {
    if (finished) onFinished();
  }, [finished, onFinished]);
  if (!view) return null;
  const share = view.validRows ? Math.min(100, Math.round((view.processedRows / view.validRows) * 100)) : 100;
  return (
    <div data-testid="import-progress" data-status={view.status}>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t('imports.progressTitle', { name: view.fileName ?? view.id })}{' '}
          <StatusBadge status={view.status} />
        </Text>
        <ProgressBar
          progress={finished && view.status === 'done' ? 100 : share}
          tone={view.status === 'failed' ? 'critical' : 'primary'}
          ariaLabelledBy="import-progress-label"
        />
        <Text as="p" id="import-progress-label" tone="subdued">
          {t('imports.progress', {
            processed: f.number(view.processedRows),
            valid: f.number(view.validRows),
          })}
        </Text>
        {error && (
          <Banner tone="warning" title={t('imports.pollFailed')}>
            <p>{error.message}</p>
          </Banner>
        )}
        {finished && (
          <BlockStack gap="200">
            <Text as="p">
              {t('imports.result', {
                imported: f.number(view.importedRows),
                skipped: f.number(view.skippedRows),
                total: f.number(view.totalRows),
              })}
            </Text>
            {view.problems.length > 0 && (
              <ProblemRows problems={view.problems} count={view.problems.length} />
            )}
          </BlockStack>
        )}
        {!finished && <Badge tone="info">{t('imports.keepOpen')}</Badge>}
      </BlockStack>
    </div>
  );
}
