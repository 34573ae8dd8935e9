import { useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * The fallback when the code cannot be applied for the shopper: the instructions forbid it, or
 * applyDiscountCodeChange failed (accelerated checkouts such as Apple Pay refuse it):
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/discounts
 */
export function CodeToCopy(props: { code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <s-banner tone="info" heading={t('result.copyHeading', { code: props.code })}>
      <s-stack gap="small-200">
        <s-text>{t('result.copyHint')}</s-text>
        <s-clipboard-item id="loyalty-code" text={props.code} onCopy={() => setCopied(true)} />
        <s-button variant="secondary" commandFor="loyalty-code" command="--copy">
          {t('result.copy')}
        </s-button>
        {copied && <s-text tone="success">{t('result.copied')}</s-text>}
      </s-stack>
    </s-banner>
  );
}
