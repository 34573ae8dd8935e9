import { Banner, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api-client';

/** An API failure for people: what failed, the server's message, and a retry when there is one. */
export function ErrorBanner({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: Error;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const notThere = error instanceof ApiError && error.status === 404 && error.code === 'not_found';
  return (
    <Banner
      tone="critical"
      title={title}
      {...(onRetry && { action: { content: t('common.retry'), onAction: onRetry } })}
    >
      <Text as="p">{notThere ? t('common.notAvailable') : error.message}</Text>
    </Banner>
  );
}
