// The percentage (default 15, clamped to 1..100, plus the tier's uplift, capped at 100), the single
// operation's shape and the buyer-facing message in the buyer's language.
import { describe, expect, it } from 'vitest';
import { LanguageCode, ProductDiscountSelectionStrategy } from '../generated/api.js';
import { discountMessage } from '../src/messages.js';
import { cartLinesDiscountsGenerateRun, DEFAULT_PERCENTAGE } from '../src/index.js';
import { cartInput, CONFIGURATION, discountValue, RETURN_VISIT } from './cart-input.js';

function percentageFor(configuration: Record<string, unknown>, tier: string | null = null): unknown {
  const returnVisit = { ...RETURN_VISIT, tier };
  return discountValue(cartLinesDiscountsGenerateRun(cartInput({ configuration, returnVisit })));
}

describe('percentage', () => {
  it('defaults to 15 when the configuration has no percentage key', () => {
    const { percentage: _omitted, ...withoutPercentage } = CONFIGURATION;
    expect(DEFAULT_PERCENTAGE).toBe(15);
    expect(percentageFor(withoutPercentage)).toBe(15);
  });

  it('clamps the configured percentage to 1..100', () => {
    expect(percentageFor({ ...CONFIGURATION, percentage: 150 })).toBe(100);
    expect(percentageFor({ ...CONFIGURATION, percentage: 0 })).toBe(1);
    expect(percentageFor({ ...CONFIGURATION, percentage: -20 })).toBe(1);
    expect(percentageFor({ ...CONFIGURATION, percentage: 12.5 })).toBe(12.5);
  });

  it('adds the uplift of the customer’s tier, capped at 100', () => {
    const configuration = { ...CONFIGURATION, tierUplift: { gold: 5, platinum: 90 } };
    expect(percentageFor(configuration, 'gold')).toBe(20);
    expect(percentageFor(configuration, 'platinum')).toBe(100);
    expect(percentageFor({ ...configuration, percentage: 150 }, 'gold')).toBe(100);
  });

  it('adds nothing for no tier, an unknown tier or an inherited property name', () => {
    expect(percentageFor(CONFIGURATION, null)).toBe(15);
    expect(percentageFor(CONFIGURATION, 'silver')).toBe(15);
    expect(percentageFor(CONFIGURATION, 'constructor')).toBe(15);
  });

  it('rounds to two decimals instead of carrying float noise', () => {
    expect(percentageFor({ ...CONFIGURATION, percentage: 12.1, tierUplift: { gold: 2.2 } }, 'gold')).toBe(
      14.3,
    );
  });
});

describe('operation', () => {
  it('is one productDiscountsAdd with one FIRST candidate targeting the eligible lines', () => {
    const result = cartLinesDiscountsGenerateRun(cartInput({ language: LanguageCode.De }));
    expect(result).toEqual({
      operations: [
        {
          productDiscountsAdd: {
            candidates: [
              {
                message: 'Willkommen zurück: 15 % Rabatt',
                targets: [
                  { cartLine: { id: 'gid://shopify/CartLine/1' } },
                  { cartLine: { id: 'gid://shopify/CartLine/2' } },
                ],
                value: { percentage: { value: 15 } },
              },
            ],
            selectionStrategy: ProductDiscountSelectionStrategy.First,
          },
        },
      ],
    });
  });
});

describe('message', () => {
  it('speaks English and German', () => {
    expect(discountMessage(15, LanguageCode.En)).toBe('Welcome back: 15% off');
    expect(discountMessage(15, LanguageCode.De)).toBe('Willkommen zurück: 15 % Rabatt');
  });

  it('writes decimals the language’s way', () => {
    expect(discountMessage(17.5, LanguageCode.En)).toBe('Welcome back: 17.5% off');
    expect(discountMessage(17.5, LanguageCode.De)).toBe('Willkommen zurück: 17,5 % Rabatt');
  });

  it('falls back to English for other languages and regional variants', () => {
    expect(discountMessage(20, LanguageCode.Fr)).toBe('Welcome back: 20% off');
    expect(discountMessage(20, LanguageCode.PtBr)).toBe('Welcome back: 20% off');
  });
});
