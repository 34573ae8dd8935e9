/** Sizes as the configuration writes them (`1mb`, `512kb`, `100b`), binary multiples as body-parser reads them. */
export const BYTE_SIZE = /^(\d+)(b|kb|mb)$/i;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

export function byteSize(text: string): number {
  const match = BYTE_SIZE.exec(text);
  if (!match) throw new Error(`not a size like 1mb or 512kb: ${JSON.stringify(text)}`);
  return Number(match[1]) * (UNITS[match[2]!.toLowerCase()] ?? 1);
}
