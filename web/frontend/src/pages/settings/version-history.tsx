import { BlockStack, Box, Card, Divider, InlineStack, Text } from '@shopify/polaris';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgramVersionView } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';
import { ErrorBanner } from '../../shell/error-banner';
import type { ApiData } from '../../shell/use-api-data';

/** Who changed which settings when (GET /api/program/versions), newest first. */
export function VersionHistory({ versions }: { versions: ApiData<{ versions: ProgramVersionView[] }> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = versions.data?.versions ?? [];
  const who = (version: ProgramVersionView) =>
    version.changedBy
      ? t('history.staff', { id: version.changedBy })
      : version.changes.length
        ? t('history.app')
        : t('history.defaults');
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('history.title')}
        </Text>
        {versions.error && (
          <ErrorBanner title={t('history.loadFailed')} error={versions.error} onRetry={versions.reload} />
        )}
        {list.map((version, i) => (
          <Fragment key={version.version}>
            {i > 0 && <Divider />}
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="baseline">
                <Text as="h3" fontWeight="semibold">
                  {t('history.version', { version: version.version })}
                </Text>
                <Text as="span" tone="subdued">
                  {t('history.savedBy', { when: f.dateTime(version.changedAt), who: who(version) })}
                </Text>
              </InlineStack>
              <Box paddingInlineStart="200">
                {version.changes.length ? (
                  <BlockStack gap="050" as="ul">
                    {version.changes.map((change) => (
                      <li key={change.setting} style={{ listStyle: 'none' }}>
                        <Text as="span" breakWord>
                          {typeof change.from === 'object' || typeof change.to === 'object'
                            ? t('history.changedList', {
                                setting: t(`history.setting.${change.setting}`, change.setting),
                              })
                            : t('history.change', {
                                setting: t(`history.setting.${change.setting}`, change.setting),
                                from: String(change.from),
                                to: String(change.to),
                              })}
                        </Text>
                      </li>
                    ))}
                  </BlockStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {t('history.noChanges')}
                  </Text>
                )}
              </Box>
            </BlockStack>
          </Fragment>
        ))}
      </BlockStack>
    </Card>
  );
}
