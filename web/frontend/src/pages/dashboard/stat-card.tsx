import { BlockStack, Card, SkeletonBodyText, Text } from '@shopify/polaris';
import type { ReactNode } from 'react';

/** One figure of the dashboard: a title, the figure, and what it means (money value, basis ...) below. */
export function StatCard(props: {
  title: string;
  value: string | null;
  loading?: boolean;
  /** A stable handle for browser tests. */
  testId?: string;
  children?: ReactNode;
}) {
  const { title, value, loading, children } = props;
  return (
    <div data-testid={props.testId}>
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm" tone="subdued">
            {title}
          </Text>
          {loading ? (
            <SkeletonBodyText lines={2} />
          ) : (
            <>
              <Text as="p" variant="headingXl">
                {value ?? '—'}
              </Text>
              {children}
            </>
          )}
        </BlockStack>
      </Card>
    </div>
  );
}
