import { Banner, Box, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';

/** Shown whenever the session token came from a token source the host page injected: only demo mode has one. */
export function DemoBanner({ shop }: { shop: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="demo-banner">
      <Box padding="400" paddingBlockEnd="0">
        <Banner tone="warning" title={t('demo.title')}>
          <Text as="p" fontWeight="semibold">
            {t('demo.simulated')}
          </Text>
          <Text as="p">{t('demo.shop', { shop })}</Text>
        </Banner>
      </Box>
    </div>
  );
}
