// Amounts arrive as exact decimal strings in 万元 (e.g. "11406800", "742100.000002"). They are
// shown from those strings: digits are grouped by text and ratios computed with BigInt, never
// through a JavaScript number, so what is shown is what the server summed. Unknown is 待定.

/** "11406800.5" → "11,406,800.5"; the digits are kept as they are. */
export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const body = negative ? decimal.slice(1) : decimal;
  const [whole, fraction] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction ? `.${fraction}` : '');
}

/** An amount in 万元, or the word for unknown. */
export function amount(decimal: string | null | undefined, unknown: string): string {
  return decimal == null ? unknown : groupDigits(decimal);
}

/** A decimal string as an integer of 10^-scale units. */
function scaled(decimal: string): { units: bigint; scale: number } {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const units = BigInt(whole + fraction || '0');
  return { units: negative ? -units : units, scale: fraction.length };
}

/** A ratio ("0.7671064744") as a percentage rounded half up to `digits` places ("76.7%"). */
export function percent(ratio: string | null | undefined, unknown: string, digits = 1): string {
  if (ratio == null) return unknown;
  return `${round(ratio, 2, digits)}%`;
}

/** A percentage given as a decimal string ("35.5") with `digits` places at most. */
export function percentValue(value: string | null | undefined, unknown: string): string {
  return value == null ? unknown : `${value}%`;
}

/** decimal × 10^shift, rounded half away from zero to `digits` places, as text. */
function round(decimal: string, shift: number, digits: number): string {
  const { units, scale } = scaled(decimal);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  // value = magnitude / 10^(scale - shift); wanted: value rounded to 10^-digits.
  const exponent = scale - shift - digits;
  let rounded: bigint;
  if (exponent <= 0) {
    rounded = magnitude * 10n ** BigInt(-exponent);
  } else {
    const divisor = 10n ** BigInt(exponent);
    rounded = (magnitude + divisor / 2n) / divisor;
  }
  const text = rounded.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return (negative && rounded !== 0n ? '-' : '') + groupDigits(whole) + fraction;
}

/** A year range, with unknown ends shown as unknown. */
export function period(start: number | null | undefined, end: number | null | undefined, unknown: string): string {
  if (start == null && end == null) return unknown;
  return `${start ?? unknown}–${end ?? unknown}`;
}

/** An RFC 3339 time as local date and minute. */
export function when(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The current month as `YYYY-MM`, the period the server accepts returns for at the latest. */
export function currentPeriod(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n];
  if (n < 20) return `十${n === 10 ? '' : CHINESE_DIGITS[n - 10]}`;
  if (n < 100) return `${CHINESE_DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : CHINESE_DIGITS[n % 10]}`;
  return String(n);
}

/**
 * The name of a plan window's investment, as the appendices head the column: “十四五” for
 * 2021-2025, “十五五” for 2026-2030 (five-year plans have followed each other since the third,
 * 1966-1970); other windows by their years.
 */
export function windowName(start: number, end: number, locale: 'zh' | 'en'): string {
  const offset = start - 1956;
  if (locale === 'zh') {
    return end - start === 4 && start >= 1966 && offset % 5 === 0
      ? `“${chineseNumber(offset / 5 + 1)}五”投资`
      : `${start}–${end}年投资`;
  }
  return `Investment ${start}–${end}`;
}
