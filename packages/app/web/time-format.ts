// Post times ("09:05 PM", "21:05") without Intl on the way to the first screen: the first
// Intl.DateTimeFormat (or toLocaleTimeString) of a page loads ICU's locale data, 50 ms on this
// machine and 200 ms on a 4x slower phone CPU, before a single post can show. The locale's pattern
// (order of hour, minute and day period, the separators, AM/PM words) is learned once from Intl in
// idle time after the first screen and kept in localStorage; until then a 24-hour clock is used
// (12-hour for the few regions that use it), and the learnt pattern applies from the next render.
const KEY = 'herald.timePattern';

type Part = ['hour' | 'minute' | 'dayPeriod' | 'literal', string];
interface Pattern {
  locale: string;
  /** h23: 0-23, h12: 12,1-11, h11: 0-11, h24: 24,1-23. */
  cycle: string;
  parts: Part[];
  am: string;
  pm: string;
}

const H12_REGIONS = /-(US|CA|AU|NZ|IN|PH|PK|EG|SA|BD|CO|MX)$/i;

function guess(locale: string): Pattern {
  const h12 = H12_REGIONS.test(locale) || locale === 'en';
  return {
    locale,
    cycle: h12 ? 'h12' : 'h23',
    parts: h12 ? [['hour', ''], ['literal', ':'], ['minute', ''], ['literal', ' '], ['dayPeriod', '']] : [['hour', ''], ['literal', ':'], ['minute', '']],
    am: 'AM',
    pm: 'PM',
  };
}

function stored(locale: string): Pattern | undefined {
  try {
    const p = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Pattern | null;
    return p && p.locale === locale && Array.isArray(p.parts) ? p : undefined;
  } catch {
    return undefined;
  }
}

const locale = navigator.language || 'en';
const saved = stored(locale);
let pattern: Pattern = saved ?? guess(locale);
let learnt = saved !== undefined;

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
const hourIn = (h: number, cycle: string) => (cycle === 'h12' ? h % 12 || 12 : cycle === 'h11' ? h % 12 : cycle === 'h24' ? h || 24 : h);

/** The time of day of `ms` as the locale writes it with a two-digit hour. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getHours();
  let out = '';
  for (const [type, value] of pattern.parts) {
    if (type === 'hour') out += two(hourIn(h, pattern.cycle));
    else if (type === 'minute') out += two(d.getMinutes());
    else if (type === 'dayPeriod') out += h < 12 ? pattern.am : pattern.pm;
    else out += value;
  }
  return out;
}

/** Learns the locale's pattern in idle time (once per locale); `changed` runs when it differs from the guess. */
export function learnTimeFormat(changed: () => void): void {
  if (learnt) return;
  learnt = true;
  const idle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 5000 }) : setTimeout(fn, 1000));
  idle(() => {
    const f = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
    const morning = f.formatToParts(new Date(2020, 0, 1, 9, 5));
    const evening = f.formatToParts(new Date(2020, 0, 1, 21, 5));
    const next: Pattern = {
      locale,
      cycle: f.resolvedOptions().hourCycle ?? 'h23',
      parts: morning.map((p): Part => (p.type === 'hour' || p.type === 'minute' || p.type === 'dayPeriod' ? [p.type, ''] : ['literal', p.value])),
      am: morning.find((p) => p.type === 'dayPeriod')?.value ?? '',
      pm: evening.find((p) => p.type === 'dayPeriod')?.value ?? '',
    };
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Not kept: learnt again next start.
    }
    const before = formatTime(Date.UTC(2020, 0, 1, 21, 5));
    pattern = next;
    if (formatTime(Date.UTC(2020, 0, 1, 21, 5)) !== before) changed();
  });
}
