import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyProfile,
  displayNameOf,
  keptField,
  NO_PROFILE,
  normalizeEmail,
  type ProfileChange,
  profileChange,
  searchKey,
} from './customer-profile.js';

describe('displayNameOf', () => {
  it.each([
    ['Anna', 'Schmidt', 'Anna Schmidt'],
    ['  Anna ', ' Schmidt  ', 'Anna Schmidt'],
    ['Anna', null, 'Anna'],
    [null, 'Schmidt', 'Schmidt'],
    ['', '   ', null],
    [null, undefined, null],
  ])('%j + %j is %j', (first, last, name) => {
    expect(displayNameOf(first, last)).toBe(name);
  });

  it('cuts an overlong name at 255 characters without splitting one', () => {
    expect(displayNameOf('x'.repeat(300), 'y')).toBe('x'.repeat(255));
    expect(displayNameOf('😀'.repeat(300), null)).toBe('😀'.repeat(255));
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases; empty or overlong is none', () => {
    expect(normalizeEmail('  Anna.Schmidt@Example.COM ')).toBe('anna.schmidt@example.com');
    expect(normalizeEmail('   ')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
    expect(normalizeEmail(`${'a'.repeat(320)}@x.de`)).toBeNull();
  });
});

describe('searchKey', () => {
  it('folds case beyond ASCII and composes decomposed letters', () => {
    expect(searchKey('ÖZIL Müller')).toBe('özil müller');
    expect(searchKey('Mu\u0308ller')).toBe('müller');
  });
});

describe('applying profile changes', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
  const field = (value: string, ms: number) => ({ value, at: at(ms) });

  it('never replaces a value with a missing one, nor a newer value with an older one', () => {
    const newer = field('new', 2);
    const older = field('old', 1);
    expect(keptField(newer, null)).toBe(newer);
    expect(keptField(newer, older)).toBe(newer);
    expect(keptField(older, newer)).toBe(newer);
    expect(keptField(null, older)).toBe(older);
  });

  it('lets the later delivery win when both payloads have the same time', () => {
    expect(keptField(field('first', 1), field('second', 1))?.value).toBe('second');
  });

  it('changes nothing for the same value again, so there is nothing to write', () => {
    const stored = { ...NO_PROFILE, displayName: field('Anna', 1), email: field('a@x.de', 1) };
    expect(applyProfile(stored, profileChange({ displayName: 'Anna', email: null }, at(5)))).toBe(stored);
    const redacted = { ...NO_PROFILE, redacted: true };
    expect(applyProfile(redacted, profileChange({ displayName: 'Anna', email: 'a@x.de' }, at(5)))).toBe(
      redacted,
    );
  });

  it('ends with each field of the newest payload that had one, whatever order the payloads come in', () => {
    // values distinct per payload: a value that comes back after a change is the documented exception
    const payloads = fc
      .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 })
      .chain((times) =>
        fc.tuple(
          ...times.map((ms) =>
            fc
              .record({ name: fc.boolean(), email: fc.boolean() })
              .map((has) =>
                profileChange(
                  { displayName: has.name ? `Name ${ms}` : null, email: has.email ? `${ms}@x.de` : null },
                  at(ms),
                ),
              ),
          ),
        ),
      );
    fc.assert(
      fc.property(
        payloads.chain((changes) =>
          fc.tuple(fc.constant(changes), fc.shuffledSubarray(changes, { minLength: changes.length })),
        ),
        ([changes, shuffled]) => {
          const fold = (list: ProfileChange[]) => list.reduce(applyProfile, NO_PROFILE);
          expect(fold(shuffled)).toEqual(fold(changes));
        },
      ),
    );
  });
});
