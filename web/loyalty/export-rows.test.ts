import { describe, expect, it } from 'vitest';
import { balanceRow, ledgerRow, spreadsheetSafe } from './export-rows.js';

describe('export rows', () => {
  it('writes a balance row with empty cells for what is unknown', () => {
    expect(
      balanceRow({
        shopifyId: '123',
        email: null,
        displayName: null,
        available: -5,
        pending: 10,
        tier: null,
        lastActivityAt: null,
      }),
    ).toEqual({
      customer_id: '123',
      email: '',
      name: '',
      available: '-5',
      pending: '10',
      tier: '',
      last_activity_at: '',
    });
  });

  it('keeps spreadsheet formulas out of names, e-mails and tiers, but not out of points', () => {
    const row = balanceRow({
      shopifyId: '1',
      email: '=cmd@x.io',
      displayName: '=HYPERLINK("http://evil")',
      available: -3,
      pending: 0,
      tier: '@Gold',
      lastActivityAt: new Date('2026-12-01T10:00:00.000Z'),
    });
    expect(row).toMatchObject({
      email: "'=cmd@x.io",
      name: `'=HYPERLINK("http://evil")`,
      tier: "'@Gold",
      available: '-3',
      last_activity_at: '2026-12-01T10:00:00.000Z',
    });
  });

  it('writes a ledger row with every source column', () => {
    expect(
      ledgerRow({
        id: 9,
        shopifyId: '77',
        kind: 'earn',
        points: 120,
        occurredAt: new Date('2026-11-30T08:00:00.000Z'),
        orderId: '5001',
        refundId: null,
        redemptionId: null,
        adjustmentId: null,
        programVersion: 2,
        idempotencyKey: 'earn:order:5001',
      }),
    ).toEqual({
      entry_id: '9',
      customer_id: '77',
      kind: 'earn',
      points: '120',
      occurred_at: '2026-11-30T08:00:00.000Z',
      order_id: '5001',
      refund_id: '',
      redemption_id: '',
      adjustment_id: '',
      program_version: '2',
      idempotency_key: 'earn:order:5001',
    });
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+49 170', "'+49 170"],
    ['-x', "'-x"],
    ['\tTab', "'\tTab"],
    ['Müller, Anna "Ani"', 'Müller, Anna "Ani"'],
  ])('spreadsheetSafe(%j) is %j', (text, safe) => {
    expect(spreadsheetSafe(text)).toBe(safe);
  });
});
