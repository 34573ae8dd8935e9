/** One map key for something identified per shop (an order, a customer, a ledger key, a delivery). */
export const shopKey = (shop: string, id: string) => `${shop}\u0000${id}`;
