import { Badge } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ImportView } from '../../lib/api-types';

const TONES = { ready: 'info', running: 'attention', done: 'success', failed: 'critical' } as const;

export function StatusBadge({ status }: { status: ImportView['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={TONES[status] ?? 'info'}>{t(`imports.status.${status}`)}</Badge>;
}
