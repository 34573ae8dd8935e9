// The only other test-side environment read: .ci/run starts Redis and sets it, so the shared rate-limit store is
// tested there; locally it is tested whenever TEST_REDIS_URL is set.
// eslint-disable-next-line no-restricted-syntax
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? null;
