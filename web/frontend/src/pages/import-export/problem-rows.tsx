import { BlockStack, Box, InlineStack, Scrollable, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ProblemRow } from '../../lib/api-types';
import { useFormat } from '../../lib/use-format';

/** The rows of a CSV that cannot be imported: line number in the file and why (messages wrap, the list scrolls). */
export function ProblemRows({ problems, count }: { problems: ProblemRow[]; count: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!count)
    return (
      <Text as="p" tone="success">
        {t('imports.noProblems')}
      </Text>
    );
  return (
    <BlockStack gap="200">
      <Box borderColor="border" borderWidth="025" borderRadius="200" padding="200">
        <Scrollable style={{ maxHeight: 280 }} focusable>
          <BlockStack gap="100" as="ul" aria-label={t('imports.problemList')}>
            {problems.map((problem, i) => (
              <li key={i} style={{ listStyle: 'none' }}>
                <InlineStack gap="200" wrap={false} blockAlign="start">
                  <Box minWidth="5rem">
                    <Text as="span" fontWeight="semibold" numeric>
                      {t('imports.rowNumber', { row: f.number(problem.row) })}
                    </Text>
                  </Box>
                  <Text as="span" breakWord>
                    {problem.message}
                  </Text>
                </InlineStack>
              </li>
            ))}
          </BlockStack>
        </Scrollable>
      </Box>
      {count > problems.length && (
        <Text as="p" tone="subdued">
          {t('imports.moreProblems', { count: count - problems.length })}
        </Text>
      )}
    </BlockStack>
  );
}
