// The most common passwords of public breach lists (lowercase); enough to refuse the obvious ones.
const COMMON = `123456 123456789 12345678 password qwerty123 qwerty 1234567890 111111 1234567 password1 123123 abc123
iloveyou 000000 qwertyuiop 1q2w3e4r 654321 superman 1qaz2wsx 987654321 monkey123 letmein1 dragon123 baseball1 trustno1
sunshine1 princess1 football1 welcome1 admin123 administrator passw0rd password123 p@ssw0rd changeme changeme1
qazwsxedc zaq12wsx 11111111 88888888 12341234 asdfghjk asdfasdf loveyou1 whatever1 starwars1 iloveyou1 michael1
shadow123 master123 football baseball sunshine princess welcome letmein trustno1 dragon monkey computer internet
secret123 session1 sessionlab`;

/** A small list of passwords too common to accept. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/));

/**
 * What people type when they run a finger along the keys or count: the digits, the alphabet, the keyboard's rows and
 * columns, and counting from 1 (`12345678910…`), each also backwards. A password made of one or two runs of these
 * (`abcdefgh`, `12345678910`, `1234abcd`, `qwertyqwerty`, `zaq1xsw2`) is among the first any guesser tries.
 */
const SEQUENCES = [
  '01234567890',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'qwertzuiop',
  'azertyuiop',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  'qazwsxedcrfvtgbyhnujmikolp',
  Array.from({ length: 40 }, (_, i) => i + 1).join(''),
];
const SEQUENCE_TEXT = [...SEQUENCES, ...SEQUENCES.map((run) => [...run].reverse().join(''))].join(' ');
/** The shortest piece of a run counted as one. */
const MIN_RUN = 3;

/** Whether `text` is one run of {@link SEQUENCES}, or two one after the other. */
function sequenceRuns(text: string): boolean {
  const run = (piece: string) => piece.length >= MIN_RUN && SEQUENCE_TEXT.includes(piece);
  if (run(text)) return true;
  for (let at = MIN_RUN; at <= text.length - MIN_RUN; at++)
    if (run(text.slice(0, at)) && run(text.slice(at))) return true;
  return false;
}

/** The letters and digits of a text, lowercased: `Ivan-Ivan!` → `ivanivan`. */
function lettersAndDigits(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Whether `text` is nothing but `unit` said again and again (at least twice). */
function repeats(text: string, unit: string): boolean {
  return (
    unit.length > 0 &&
    text.length >= 2 * unit.length &&
    text.length % unit.length === 0 &&
    unit.repeat(text.length / unit.length) === text
  );
}

/** Whether `text` is one run of up to 4 characters repeated (`aaaaaaaa`, `abcabcabc`). */
function shortRunRepeated(text: string): string | null {
  const characters = [...text];
  for (let unit = 1; unit <= 4; unit++) {
    if (
      characters.length >= 2 * unit &&
      characters.length % unit === 0 &&
      characters.every((c, i) => c === characters[i % unit])
    )
      return characters.slice(0, unit).join('');
  }
  return null;
}

/**
 * Why a password is refused, or null when it is acceptable. It is read as it will be hashed (NFKC: `ｐａｓｓｗｏｒｄ` is
 * `password`), and also without its separators and with the digits and symbols people tack on at the end stripped
 * (`password!`, `qwerty12`, `ivanivan1`). It needs at least 8 characters, and none of those readings may be: one of the
 * most common passwords; one character, or a run of up to 4, repeated (`aaaaaaaaaaaa`, `aaaa-aaaa`, `abcabcabc`); the
 * username, once or repeated (`ivan-ivan-ivan` for ivan); one or two keyboard, alphabet or counting runs (`abcdefgh`,
 * `12345678910`, `1234abcd`, `qwerty-qwerty`).
 */
export function passwordWeakness(password: string, username?: string): string | null {
  const normal = password.normalize('NFKC');
  if ([...normal].length < 8) return 'A password needs at least 8 characters';
  const lower = normal.toLowerCase();
  const core = lettersAndDigits(normal);
  // What is left when the digits and symbols at the end go (`password!1` → `password`); never less than 4 characters.
  const stem = /^(.{4,}?)[^\p{L}]+$/u.exec(lower)?.[1] ?? lower;
  const readings = [...new Set([lower, core, stem, lettersAndDigits(stem), lower.trim()])].filter(
    (reading) => reading.length > 0,
  );
  if (readings.some((reading) => COMMON_PASSWORDS.has(reading)))
    return 'That password is on the list of the most common passwords';
  const name = username ? lettersAndDigits(username.normalize('NFKC')) : '';
  if (name && readings.some((reading) => reading === name || repeats(reading, name)))
    return 'A password made of the username is guessed first';
  for (const reading of readings) {
    const run = shortRunRepeated(reading);
    if (run !== null)
      return run.length === 1
        ? 'A password made of one character repeated is guessed at once'
        : `A password made of "${run}" repeated is guessed at once`;
  }
  if (readings.some((reading) => sequenceRuns(lettersAndDigits(reading))))
    return 'A password that runs along the keyboard or the alphabet, or counts, is guessed at once';
  return null;
}
