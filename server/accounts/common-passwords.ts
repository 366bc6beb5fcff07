// The most common passwords of public breach lists (lowercase); enough to refuse the obvious ones.
const COMMON = `123456 123456789 12345678 password qwerty123 qwerty 1234567890 111111 1234567 password1 123123 abc123
iloveyou 000000 qwertyuiop 1q2w3e4r 654321 superman 1qaz2wsx 987654321 monkey123 letmein1 dragon123 baseball1 trustno1
sunshine1 princess1 football1 welcome1 admin123 administrator passw0rd password123 p@ssw0rd changeme changeme1
qazwsxedc zaq12wsx 11111111 88888888 12341234 asdfghjk asdfasdf loveyou1 whatever1 starwars1 iloveyou1 michael1
shadow123 master123 football baseball sunshine princess welcome letmein trustno1 dragon monkey computer internet
secret123 session1 sessionlab`;

/** A small list of passwords too common to accept. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/));

/** The letters and digits of a text, lowercased: `Ivan-Ivan!` → `ivanivan`. */
function lettersAndDigits(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Whether `text` is nothing but `unit` said again and again (at least twice). */
function repeats(text: string, unit: string): boolean {
  return unit.length > 0 && text.length >= 2 * unit.length && text.length % unit.length === 0 && unit.repeat(text.length / unit.length) === text;
}

/**
 * Why a password is refused, or null when it is acceptable. It needs at least 8 characters, and must not be:
 * one of the most common passwords; one character, or a short run of up to 4, repeated (`aaaaaaaaaaaa`,
 * `abcabcabc`); the username, once or repeated, with any separators (`ivan-ivan-ivan` for ivan).
 */
export function passwordWeakness(password: string, username?: string): string | null {
  const characters = [...password];
  if (characters.length < 8) return 'A password needs at least 8 characters';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'That password is on the list of the most common passwords';
  const name = username ? lettersAndDigits(username) : '';
  const core = lettersAndDigits(password);
  if (name && (core === name || repeats(core, name))) return 'A password made of the username is guessed first';
  const lower = characters.map((c) => c.toLowerCase());
  for (let unit = 1; unit <= 4; unit++) {
    if (lower.length % unit === 0 && lower.every((c, i) => c === lower[i % unit])) {
      return unit === 1 ? 'A password made of one character repeated is guessed at once' : `A password made of "${characters.slice(0, unit).join('')}" repeated is guessed at once`;
    }
  }
  return null;
}
