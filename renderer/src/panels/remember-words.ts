/** A lifetime in the largest whole unit a learner reads at a glance: "7 days", "12 hours", "30 minutes". */
export function lifetimeWords(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, name] of units) {
    const count = Math.round(ms / size);
    if (ms >= size && Math.abs(count * size - ms) < size / 20) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  const [size, name] = units.find(([size]) => ms >= size) ?? [1_000, 'second'];
  const count = Math.round((ms / size) * 10) / 10;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

/**
 * Which kind of cookie session this is, in plain words first and the cookie's attribute second: a remembered one
 * (Remember me) for `lifetimeMs` from its login, or one that ends with the browser.
 */
export function rememberWords(remembered: boolean, lifetimeMs: number): { plain: string; detail: string } {
  return remembered
    ? {
        plain: `remembered for ${lifetimeWords(lifetimeMs)}: the cookie survives closing the browser`,
        detail: 'a persistent cookie: Expires is the session’s end; no idle timeout',
      }
    : {
        plain: 'ends when the browser closes',
        detail: 'a browser-session cookie: no Expires or Max-Age',
      };
}
