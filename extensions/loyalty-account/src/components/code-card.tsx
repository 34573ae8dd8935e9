import { useState } from 'preact/hooks';
import { date, money, t } from '../i18n';
import type { Redemption } from '../shared/loyalty-api';
import { shareLink } from '../storefront-url';

/**
 * One unused code: copy it (s-clipboard-item, driven by a button's `--copy` command), share the store link
 * that applies it, or cancel it to get the points back. The tags are Polaris web components for customer
 * accounts: https://shopify.dev/docs/api/customer-account-ui-extensions/latest/web-components/actions/button
 */
export function CodeCard(props: {
  redemption: Redemption;
  storefrontUrl: string | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { redemption, storefrontUrl, cancelling, onCancel } = props;
  const [copied, setCopied] = useState(false);
  const id = `code-${redemption.redemptionId}`;
  const link = storefrontUrl ? shareLink(storefrontUrl, redemption.code) : null;
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{redemption.code}</s-text>
      <s-text color="subdued">
        {redemption.value && t('codes.value', { value: money(redemption.value) })}{' '}
        {t('codes.expires', { date: date(redemption.expiresAt) })}
      </s-text>
      <s-clipboard-item id={id} text={redemption.code} onCopy={() => setCopied(true)} />
      {link && <s-clipboard-item id={`${id}-link`} text={link} />}
      <s-stack direction="inline" gap="small-200">
        <s-button variant="primary" commandFor={id} command="--copy">
          {t('codes.copy')}
        </s-button>
        {link && (
          <s-button variant="secondary" commandFor={`${id}-link`} command="--copy">
            {t('codes.copyLink')}
          </s-button>
        )}
        <s-button variant="secondary" tone="critical" loading={cancelling} onClick={onCancel}>
          {t('codes.cancel')}
        </s-button>
      </s-stack>
      {link && <s-link href={link}>{t('codes.shareLink', { link })}</s-link>}
      {copied && <s-text tone="success">{t('codes.copied')}</s-text>}
    </s-stack>
  );
}
