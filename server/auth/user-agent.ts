const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
  [/Electron\/(\d+)/, 'Electron'],
  [/^curl\/(\d+)/, 'curl'],
  [/^node(?:-fetch)?\b/, 'Node.js'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/**
 * A short name for a user agent, such as `Chrome 156 on Linux`, for the session list: the full header
 * is ~120 bytes that every session would carry. Unknown agents keep their first 40 characters.
 */
export function summarizeUserAgent(userAgent: string): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent));
  if (!browser) return userAgent.slice(0, 40) || 'unknown';
  const version = browser[0].exec(userAgent)?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return [browser[1], version].filter(Boolean).join(' ') + (system ? ` on ${system}` : '');
}
