/** The simulated shop of demo mode. These values are public: never use them for a real app. */
export const DEMO_SHOP_DOMAIN = 'loyalty-demo.myshopify.com';
export const DEMO_API_KEY = 'demo-api-key';
export const DEMO_API_SECRET = 'demo-secret-not-for-production';
export const DEMO_ACCESS_TOKEN = 'demo-offline-token';
