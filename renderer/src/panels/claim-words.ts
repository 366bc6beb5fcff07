import { CLAIM_GLOSSARY } from '../glossary/glossary.ts';

/** The abbreviations a token shows, in words a learner knows: the glossary's token fields. */
export const CLAIM_WORDS: Readonly<Record<string, string>> = CLAIM_GLOSSARY;

/** A span of seconds in the unit a reader would pick: "45 s", "15 min", "5 h", "7 d". */
function spanText(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/**
 * Epoch seconds as local time and how long ago or ahead, e.g. "5:20:31 PM (2 min ago)"; the date too when it is
 * not within the day around `now`.
 */
export function whenText(epochSeconds: number, now: number): string {
  const at = epochSeconds * 1_000;
  const seconds = Math.round((at - now) / 1_000);
  const span = spanText(Math.abs(seconds));
  const clock = Math.abs(seconds) < 20 * 3_600 ? new Date(at).toLocaleTimeString() : new Date(at).toLocaleString();
  return `${clock} (${seconds === 0 ? 'now' : seconds < 0 ? `${span} ago` : `in ${span}`})`;
}
