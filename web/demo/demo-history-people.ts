/**
 * Names and e-mail addresses for the demo history's customers and guests, so the panel's customer list looks like a
 * shop's and not like ten people (personFor in shopify-payloads.ts cycles through ten names). Node built-ins only.
 */

export type Person = { firstName: string; lastName: string; email: string };

const FIRST = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Felix', 'Lea', 'Paul', 'Emma', 'Ben', 'Mia', 'Leon', 'Hannah',
  'Finn', 'Lena', 'Elias', 'Laura', 'Noah', 'Julia', 'Luis', 'Clara', 'Max', 'Emilia', 'Henry', 'Lina', 'Tim',
  'Greta', 'Moritz', 'Ida', 'Jakob', 'Frieda', 'David', 'Nele', 'Anton', 'Zoe', 'Karl', 'Ayşe', 'Mehmet', 'Olga',
  'Piotr',
] as const; // prettier-ignore

const LAST = [
  'Schmidt', 'Müller', 'Weber', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Klein',
  'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange',
  'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Köhler', 'Maier', 'König', 'Walter', 'Peters', 'Möller',
  'Yılmaz', 'Kowalski', 'Nowak', 'Fuchs', 'Vogel', 'Jung', 'Roth', 'Frank',
] as const; // prettier-ignore

const ascii = (s: string) =>
  s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');

/** A person drawn from `rand`; the number keeps e-mail addresses unique (guests get another domain). */
export function personAt(rand: () => number, n: number, kind: 'customer' | 'guest' = 'customer'): Person {
  const firstName = FIRST[Math.floor(rand() * FIRST.length)] ?? FIRST[0];
  const lastName = LAST[Math.floor(rand() * LAST.length)] ?? LAST[0];
  const domain = kind === 'guest' ? 'example.net' : 'example.com';
  return { firstName, lastName, email: `${ascii(firstName)}.${ascii(lastName)}.${n}@${domain}` };
}
