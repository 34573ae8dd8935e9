import { APP_URL } from './app-url';
import { createLoyaltyApi } from './shared/loyalty-api';

/** The token is asked for on every request: the host caches it and refreshes it before it expires. */
export const api = createLoyaltyApi(APP_URL, () => shopify.sessionToken.get());
