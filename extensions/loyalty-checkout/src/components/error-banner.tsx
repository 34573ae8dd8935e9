import { t } from '../i18n';
import { ERROR_KEYS, type ApiError } from '../shared/loyalty-api';

/** Not enough points is a warning the shopper can act on; anything retryable gets "Try again". */
export function ErrorBanner(props: { error: ApiError; onRetry?: () => void; retrying?: boolean }) {
  const { error, onRetry, retrying } = props;
  return (
    <s-banner tone={error.code === 'insufficient_points' ? 'warning' : 'critical'}>
      <s-stack gap="small-200">
        <s-text>{t(ERROR_KEYS[error.code])}</s-text>
        {error.retryable && onRetry && (
          <s-button variant="secondary" onClick={onRetry} loading={retrying}>
            {t('errors.retry')}
          </s-button>
        )}
      </s-stack>
    </s-banner>
  );
}
