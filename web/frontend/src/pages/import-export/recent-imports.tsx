import { Card, DataTable, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ImportView } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';
import { ErrorBanner } from '../../shell/error-banner';
import type { ApiData } from '../../shell/use-api-data';
import { StatusBadge } from './status-badge';

/** The shop's latest imports (GET /api/imports), newest first. */
export function RecentImports({ imports }: { imports: ApiData<{ imports: ImportView[] }> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = (imports.data?.imports ?? []).map((view) => [
    f.dateTime(view.createdAt) ?? '—',
    view.fileName ?? '—',
    <StatusBadge key="status" status={view.status} />,
    f.number(view.totalRows),
    f.number(view.importedRows),
    f.number(view.skippedRows),
  ]);
  return (
    <Card padding="0">
      <div style={{ padding: 16 }}>
        <Text as="h2" variant="headingMd">
          {t('imports.recent')}
        </Text>
      </div>
      {imports.error && (
        <ErrorBanner title={t('imports.recentFailed')} error={imports.error} onRetry={imports.reload} />
      )}
      {rows.length ? (
        <DataTable
          columnContentTypes={['text', 'text', 'text', 'numeric', 'numeric', 'numeric']}
          headings={[
            t('imports.when'),
            t('imports.file'),
            t('imports.statusLabel'),
            t('imports.rows'),
            t('imports.imported'),
            t('imports.skipped'),
          ]}
          rows={rows}
        />
      ) : (
        !imports.error && (
          <div style={{ padding: 16 }}>
            <Text as="p" tone="subdued">
              {imports.loading ? t('common.loading') : t('imports.none')}
            </Text>
          </div>
        )
      )}
    </Card>
  );
}
