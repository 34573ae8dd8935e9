import { Banner, Page } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';

/** Neither App Bridge nor an injected token source: the admin API cannot be called, so say where to go. */
export function OpenFromAdmin() {
  const { t } = useTranslation();
  return (
    <Page title={t('app.title')}>
      <Banner tone="info" title={t('noToken.title')}>
        <p>{t('noToken.body')}</p>
      </Banner>
    </Page>
  );
}
