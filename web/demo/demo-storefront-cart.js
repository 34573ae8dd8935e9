/* global document */
// The cart builder of the simulated storefront (demo-storefront.html): regular-priced items, sale items and a gift
// card with quantities, and what the return-visit Discount Function returns for the cart. The function runs on the
// page's demo server (POST /return-visit/preview), as Shopify runs it at checkout; this only shows the answer.
import { call, el, money } from './demo-storefront-client.js';

const $ = (id) => document.getElementById(id);

/** The catalog's rows and the preview button, which previews the cart of whoever `customer()` names. */
export function setUpCart(catalog, customer, showError) {
  showCatalog(catalog);
  $('preview-button').addEventListener('click', () => {
    $('error').hidden = true;
    previewCart(customer()).catch(showError);
  });
}

/** One row per catalog item, quantity 0 to start with. */
function showCatalog(catalog) {
  $('catalog').replaceChildren(
    ...catalog.map((item) => {
      const price = item.onSale
        ? el(
            'span',
            {},
            el('s', { textContent: item.compareAt }),
            ' ',
            el('strong', { textContent: item.price }),
          )
        : el('span', { textContent: item.price });
      const kind = item.giftCard ? 'gift card' : item.onSale ? 'sale' : 'regular price';
      const quantity = el('input', { type: 'number', min: '0', max: '99', value: '0' });
      quantity.setAttribute('aria-label', `Quantity of ${item.title}`);
      const row = el(
        'tr',
        {},
        el('td', { textContent: item.title }),
        el('td', {}, price, ' EUR'),
        el('td', { className: 'muted', textContent: kind }),
        el('td', {}, quantity),
      );
      row.dataset.sku = item.sku;
      return row;
    }),
  );
}

/** The customer's open offer, from the app's storefront balance (`returnVisit`). */
export function showEligibility(offer) {
  const items = offer && (offer.regularPriceOnly ? 'regular-priced items' : 'every item but gift cards');
  $('rv-eligibility').textContent = offer
    ? `Eligible until ${offer.eligibleUntil}: ${offer.percentage} % off ${items}, ` +
      `when they come to at least ${money(offer.minimumSubtotal)}.`
    : 'Not eligible: the app names no open return-visit discount for this customer.';
}

export function clearPreview() {
  $('rv-result').hidden = true;
}

/** Sends the cart as it stands and shows what the function returned, or why it returned nothing. */
async function previewCart(customer) {
  const lines = [...document.querySelectorAll('#catalog tr')].map((row) => ({
    sku: row.dataset.sku,
    quantity: Number(row.querySelector('input').value) || 0,
  }));
  const answer = await call('/return-visit/preview', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer, lines, language: $('rv-language').value }),
  });
  $('rv-outcome').textContent = answer.reason
    ? `No discount. ${answer.reason.message}`
    : `${answer.percentage} % off ${answer.targets.length} line(s): you save ${money(answer.saving)}.`;
  $('rv-outcome').dataset.reason = answer.reason ? answer.reason.code : '';
  $('rv-message').textContent = answer.message || '-';
  $('rv-saving').textContent = money(answer.saving);
  $('rv-targets').replaceChildren(
    ...answer.targets.map((t) => {
      const li = el('li', { textContent: `${t.title} (${money(t.subtotal)})` });
      li.dataset.sku = t.sku;
      return li;
    }),
  );
  $('rv-input').textContent = JSON.stringify(answer.input, null, 2);
  $('rv-output').textContent = JSON.stringify(answer.output, null, 2);
  $('rv-result').hidden = false;
}
