import type { ReturnVisitSettings } from '../loyalty/return-visit.js';
import {
  functionConfiguration,
  RETURN_VISIT_FUNCTION_HANDLE,
  RETURN_VISIT_TITLE,
} from '../loyalty/return-visit.js';
import { type AdminGraphql, assertNoUserErrors, type UserError } from './admin-graphql.js';

/**
 * The shop's automatic app discount that runs the return-visit function, and its configuration metafield.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountAutomaticAppCreate
 * https://shopify.dev/docs/apps/build/discounts/build-discount-function
 */
export const RETURN_VISIT_DISCOUNT_CREATE_MUTATION = `#graphql
  mutation LoyaltyReturnVisitCreate($automaticAppDiscount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $automaticAppDiscount) {
      automaticAppDiscount { discountId }
      userErrors { field message code }
    }
  }`;

export const RETURN_VISIT_DISCOUNT_UPDATE_MUTATION = `#graphql
  mutation LoyaltyReturnVisitUpdate($id: ID!, $automaticAppDiscount: DiscountAutomaticAppInput!) {
    discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $automaticAppDiscount) {
      automaticAppDiscount { discountId }
      userErrors { field message code }
    }
  }`;

export const AUTOMATIC_DISCOUNT_ACTIVATE_MUTATION = `#graphql
  mutation LoyaltyReturnVisitActivate($id: ID!) {
    discountAutomaticActivate(id: $id) {
      automaticDiscountNode { id }
      userErrors { field message code }
    }
  }`;

export const AUTOMATIC_DISCOUNT_DEACTIVATE_MUTATION = `#graphql
  mutation LoyaltyReturnVisitDeactivate($id: ID!) {
    discountAutomaticDeactivate(id: $id) {
      automaticDiscountNode { id }
      userErrors { field message code }
    }
  }`;

function discountInput(settings: ReturnVisitSettings, startsAt: Date) {
  return {
    title: RETURN_VISIT_TITLE,
    functionHandle: RETURN_VISIT_FUNCTION_HANDLE, // functionId is deprecated in 2026-07
    discountClasses: ['PRODUCT'],
    startsAt: startsAt.toISOString(),
    combinesWith: settings.combinesWith,
    metafields: [
      {
        namespace: '$app',
        key: 'function-configuration',
        type: 'json',
        value: JSON.stringify(functionConfiguration(settings)),
      },
    ],
  };
}

type Payload = { automaticAppDiscount: { discountId: string } | null; userErrors: UserError[] };

/**
 * Note: discountAutomaticAppCreate is not idempotent. If Shopify creates the discount but its answer is lost (a
 * timeout, a 5xx retried by the client), the next run creates a second one that the app does not know; it would
 * keep applying if the feature were turned off. Finding it needs a look-up by function before creating, which the
 * app does not do yet.
 *
 * Brings the shop's discount in step with the settings and returns its id: created when missing, otherwise updated
 * (the configuration metafield travels with it) and activated; turned off, it is deactivated, not deleted, so
 * turning it on again keeps its history.
 */
export async function syncReturnVisitDiscount(
  admin: AdminGraphql,
  shop: string,
  current: { discountId: string | null; settings: ReturnVisitSettings; now: Date },
): Promise<string | null> {
  const { discountId, settings, now } = current;
  if (!settings.enabled) {
    if (discountId) await setActive(admin, shop, discountId, false);
    return discountId;
  }
  if (!discountId) {
    const data = await admin<{ discountAutomaticAppCreate: Payload }>(
      shop,
      RETURN_VISIT_DISCOUNT_CREATE_MUTATION,
      {
        automaticAppDiscount: discountInput(settings, now),
      },
    );
    assertNoUserErrors('the return-visit discount', data.discountAutomaticAppCreate.userErrors);
    return data.discountAutomaticAppCreate.automaticAppDiscount!.discountId;
  }
  const { startsAt: _keep, ...changes } = discountInput(settings, now);
  const data = await admin<{ discountAutomaticAppUpdate: Payload }>(
    shop,
    RETURN_VISIT_DISCOUNT_UPDATE_MUTATION,
    {
      id: discountId,
      automaticAppDiscount: changes,
    },
  );
  assertNoUserErrors('the return-visit discount', data.discountAutomaticAppUpdate.userErrors);
  await setActive(admin, shop, discountId, true);
  return discountId;
}

async function setActive(admin: AdminGraphql, shop: string, id: string, active: boolean): Promise<void> {
  const document = active ? AUTOMATIC_DISCOUNT_ACTIVATE_MUTATION : AUTOMATIC_DISCOUNT_DEACTIVATE_MUTATION;
  const field = active ? 'discountAutomaticActivate' : 'discountAutomaticDeactivate';
  const data = await admin<Record<string, { userErrors: UserError[] }>>(shop, document, { id });
  assertNoUserErrors(
    `${active ? 'activating' : 'deactivating'} the return-visit discount`,
    data[field]?.userErrors,
  );
}
