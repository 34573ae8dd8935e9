import { TitleBar } from '@shopify/app-bridge-react';
import { Layout, Page } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ImportView } from '../../lib/api-types';
import { useApiData } from '../../shell/use-api-data';
import { ExportCard } from './export-card';
import { ImportCard } from './import-card';
import { RecentImports } from './recent-imports';

export function ImportExportPage() {
  const { t } = useTranslation();
  const recent = useApiData<{ imports: ImportView[] }>('/api/imports');
  return (
    <Page title={t('imports.title')}>
      <TitleBar title={t('imports.title')} />
      <Layout>
        <Layout.Section>
          <ImportCard onImported={recent.reload} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ExportCard />
        </Layout.Section>
        <Layout.Section>
          <RecentImports imports={recent} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
