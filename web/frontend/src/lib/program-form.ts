/**
 * The settings form: GET /api/program's answer turned into text fields and back into the body of PUT /api/program
 * (and of its preview). Nothing is validated here: the server checks every setting and answers 422 with each
 * problem on its field path, which the form shows on the field.
 */
export const OPTION_KINDS = ['fixed_amount', 'percentage', 'free_shipping', 'pay_with_points'] as const;
export type OptionKind = (typeof OPTION_KINDS)[number];

/** Which fields each kind of redemption option has besides id, title, minimumSubtotal and combining. */
export const KIND_FIELDS: Record<OptionKind, readonly OptionNumberField[]> = {
  fixed_amount: ['pointsCost', 'amount'],
  percentage: ['pointsCost', 'percentage', 'maximumAmount'],
  free_shipping: ['pointsCost'],
  pay_with_points: ['pointsStep', 'stepValue', 'maxShareOfSubtotal'],
};
const WHOLE = new Set(['pointsCost', 'percentage', 'pointsStep', 'maxShareOfSubtotal']);
const NULLABLE = new Set(['maximumAmount']);

export type OptionNumberField =
  | 'pointsCost'
  | 'amount'
  | 'percentage'
  | 'maximumAmount'
  | 'pointsStep'
  | 'stepValue'
  | 'maxShareOfSubtotal';

export type OptionForm = {
  kind: OptionKind;
  id: string;
  title: string;
  minimumSubtotal: string;
  combinesWithOtherDiscounts: boolean;
} & Record<OptionNumberField, string>;

export interface ReturnVisitForm {
  enabled: boolean;
  percentage: string;
  minimumSubtotal: string;
  windowDays: string;
  regularPriceOnly: boolean;
  /** Settings the form does not edit (tierUplift, combinesWith ...), sent back as they came. */
  kept: Record<string, unknown>;
}

export const WHOLE_SETTINGS = [
  'pendingDays',
  'expiryMonths',
  'signupBonus',
  'maxPointsPerOrder',
  'codeLifetimeDays',
] as const;

export interface ProgramForm {
  earnRate: string;
  pointValue: string;
  includeShipping: boolean;
  pendingDays: string;
  expiryMonths: string;
  signupBonus: string;
  maxPointsPerOrder: string;
  codeLifetimeDays: string;
  breakageAssumption: string;
  redemptionOptions: OptionForm[];
  returnVisit: ReturnVisitForm;
}

type Json = Record<string, unknown>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

export function emptyOption(kind: OptionKind = 'fixed_amount'): OptionForm {
  return {
    kind,
    id: '',
    title: '',
    minimumSubtotal: '',
    combinesWithOtherDiscounts: false,
    pointsCost: '',
    amount: '',
    percentage: '',
    maximumAmount: '',
    pointsStep: '',
    stepValue: '',
    maxShareOfSubtotal: '',
  };
}

export function toForm(program: Json): ProgramForm {
  const visit = (program.returnVisit ?? {}) as Json;
  const { enabled, percentage, minimumSubtotal, windowDays, regularPriceOnly, ...kept } = visit;
  const options = Array.isArray(program.redemptionOptions) ? (program.redemptionOptions as Json[]) : [];
  return {
    earnRate: text(program.earnRate),
    pointValue: text(program.pointValue),
    includeShipping: program.includeShipping === true,
    pendingDays: text(program.pendingDays),
    expiryMonths: text(program.expiryMonths),
    signupBonus: text(program.signupBonus),
    maxPointsPerOrder: text(program.maxPointsPerOrder),
    codeLifetimeDays: text(program.codeLifetimeDays),
    breakageAssumption: text(program.breakageAssumption),
    redemptionOptions: options.map((option) => {
      const form = emptyOption(
        (OPTION_KINDS as readonly unknown[]).includes(option.kind)
          ? (option.kind as OptionKind)
          : 'fixed_amount',
      );
      return {
        ...form,
        id: text(option.id),
        title: text(option.title),
        minimumSubtotal: text(option.minimumSubtotal),
        combinesWithOtherDiscounts: option.combinesWithOtherDiscounts === true,
        ...Object.fromEntries(KIND_FIELDS[form.kind].map((field) => [field, text(option[field])])),
      };
    }),
    returnVisit: {
      enabled: enabled === true,
      percentage: text(percentage),
      minimumSubtotal: text(minimumSubtotal),
      windowDays: text(windowDays),
      regularPriceOnly: regularPriceOnly === true,
      kept,
    },
  };
}

/** A whole number as a number; anything else goes as typed, for the server to name the problem. */
function whole(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** An optional amount: empty is null. */
const amountOrNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function optionBody(option: OptionForm): Json {
  const body: Json = {
    id: option.id.trim(),
    kind: option.kind,
    title: option.title,
    minimumSubtotal: amountOrNull(option.minimumSubtotal),
    combinesWithOtherDiscounts: option.combinesWithOtherDiscounts,
  };
  for (const field of KIND_FIELDS[option.kind])
    body[field] = WHOLE.has(field)
      ? whole(option[field])
      : NULLABLE.has(field)
        ? amountOrNull(option[field])
        : option[field].trim();
  return body;
}

export function toBody(form: ProgramForm): Json {
  const { kept, ...visit } = form.returnVisit;
  return {
    earnRate: form.earnRate.trim(),
    pointValue: form.pointValue.trim(),
    includeShipping: form.includeShipping,
    ...Object.fromEntries(WHOLE_SETTINGS.map((key) => [key, whole(form[key])])),
    breakageAssumption: whole(form.breakageAssumption),
    redemptionOptions: form.redemptionOptions.map(optionBody),
    returnVisit: {
      ...kept,
      enabled: visit.enabled,
      percentage: whole(visit.percentage),
      minimumSubtotal: visit.minimumSubtotal.trim(),
      windowDays: whole(visit.windowDays),
      regularPriceOnly: visit.regularPriceOnly,
    },
  };
}

/** Every field path the form shows, for putting a 422's problems on their fields (problems.ts). */
export function formFields(form: ProgramForm): Set<string> {
  const fields = new Set<string>([
    'earnRate',
    'pointValue',
    'includeShipping',
    'redemptionOptions',
    'breakageAssumption',
    ...WHOLE_SETTINGS,
  ]);
  for (const key of ['enabled', 'percentage', 'minimumSubtotal', 'windowDays', 'regularPriceOnly'])
    fields.add(`returnVisit.${key}`);
  form.redemptionOptions.forEach((option, i) => {
    for (const key of [
      'id',
      'kind',
      'title',
      'minimumSubtotal',
      'combinesWithOtherDiscounts',
      ...KIND_FIELDS[option.kind],
    ])
      fields.add(`redemptionOptions.${i}.${key}`);
  });
  return fields;
}

export function sameForm(a: ProgramForm, b: ProgramForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
