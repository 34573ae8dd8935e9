/// <reference types="@shopify/ui-extensions/purchase.checkout.reductions.render-before" />
/**
 * The checkout block under @shopify/ui-extensions-tester (getExtension with beforeEach/afterEach: the `using`
 * form needs Node 22). Every test starts with a logged-in buyer and checks that each key it rendered exists.
 */
import { getExtension } from '@shopify/ui-extensions-tester';
import { afterEach, beforeEach, expect } from 'vitest';
import { find, missingKeys, recordingTranslate } from './helpers';

export const extension = getExtension('purchase.checkout.reductions.render-before');

/** The tester's mock has no buyerIdentity (it is optional) and its proxy refuses to set it: define it. */
export function buyer(customerId: string | undefined) {
  Object.defineProperty(extension.shopify, 'buyerIdentity', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: { customer: { value: customerId ? { id: customerId } : undefined, subscribe: () => () => {} } },
  });
}

export function loyaltyMetafield(available: number) {
  extension.shopify.appMetafields.value = [
    {
      target: { type: 'customer', id: 'gid://shopify/Customer/1' },
      metafield: {
        namespace: '$app',
        key: 'loyalty',
        type: 'json',
        valueType: 'json_string',
        value: JSON.stringify({
          available,
          pending: 0,
          value: { amount: '9.00', currencyCode: 'EUR' },
          tier: null,
        }),
      },
    },
  ];
}

export const redeemButton = () => find('s-button', 'options.redeem');

export function setUpCheckout() {
  let i18n: ReturnType<typeof recordingTranslate>;
  beforeEach(() => {
    extension.setUp();
    i18n = recordingTranslate();
    extension.shopify.i18n.translate = i18n.translate as typeof extension.shopify.i18n.translate;
    buyer('gid://shopify/Customer/1');
  });
  afterEach(() => {
    expect(missingKeys(i18n.used)).toEqual([]);
    extension.tearDown();
  });
}
