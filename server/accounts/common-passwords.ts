// The most common passwords of public breach lists (lowercase); enough to refuse the obvious ones.
const COMMON = `123456 123456789 12345678 password qwerty123 qwerty 1234567890 111111 1234567 password1 123123 abc123
iloveyou 000000 qwertyuiop 1q2w3e4r 654321 superman 1qaz2wsx 987654321 monkey123 letmein1 dragon123 baseball1 trustno1
sunshine1 princess1 football1 welcome1 admin123 administrator passw0rd password123 p@ssw0rd changeme changeme1
qazwsxedc zaq12wsx 11111111 88888888 12341234 asdfghjk asdfasdf loveyou1 whatever1 starwars1 iloveyou1 michael1
shadow123 master123 football baseball sunshine princess welcome letmein trustno1 dragon monkey computer internet
secret123 session1 sessionlab`;

/** A small list of passwords too common to accept. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/));

/** Why a password is refused, or null when it is acceptable: at least 8 characters and not a common one. */
export function passwordWeakness(password: string): string | null {
  if ([...password].length < 8) return 'A password needs at least 8 characters';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'That password is on the list of the most common passwords';
  return null;
}
