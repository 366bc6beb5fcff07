// redis-cli's answers as it prints them to a terminal (`cliFormatReplyTTY` in Redis' src/redis-cli.c): a string in
// quotes with its bytes escaped (`sdscatrepr`), `(integer) 1`, `(nil)`, numbered arrays with nested ones indented,
// `(error) …`, a status such as `OK` as it is.

/** One reply, as Redis' protocol types it; `raw` is text redis-cli prints as it is (INFO, HELP). */
export type Reply =
  | { kind: 'status'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'integer'; value: number }
  | { kind: 'bulk'; value: string }
  | { kind: 'nil' }
  | { kind: 'array'; items: Reply[] }
  | { kind: 'raw'; text: string };

/** Builders of each kind of reply. */
export const reply = {
  ok: (): Reply => ({ kind: 'status', text: 'OK' }),
  status: (text: string): Reply => ({ kind: 'status', text }),
  error: (text: string): Reply => ({ kind: 'error', text }),
  integer: (value: number | boolean): Reply => ({ kind: 'integer', value: Number(value) }),
  bulk: (value: string | null): Reply => (value === null ? { kind: 'nil' } : { kind: 'bulk', value }),
  array: (items: Reply[]): Reply => ({ kind: 'array', items }),
  strings: (values: string[]): Reply => ({ kind: 'array', items: values.map((value) => ({ kind: 'bulk', value })) }),
  raw: (text: string): Reply => ({ kind: 'raw', text }),
};

const encoder = new TextEncoder();
const NAMED: Record<number, string> = {
  0x5c: '\\\\',
  0x22: '\\"',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x07: '\\a',
  0x08: '\\b',
};

/** A string in double quotes as redis-cli shows it: printable ASCII as it is, every other byte escaped (`\xc3\xa9`). */
export function quoted(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    if (NAMED[byte] !== undefined) out += NAMED[byte];
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

function format(answer: Reply, prefix: string): string {
  switch (answer.kind) {
    case 'status':
      return `${answer.text}\n`;
    case 'error':
      return `(error) ${answer.text}\n`;
    case 'integer':
      return `(integer) ${answer.value}\n`;
    case 'nil':
      return '(nil)\n';
    case 'bulk':
      return `${quoted(answer.value)}\n`;
    case 'raw':
      return answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`;
    case 'array': {
      if (answer.items.length === 0) return '(empty array)\n';
      // Indexes are right-aligned to the widest; a nested array's lines line up under its first one.
      const width = String(answer.items.length).length;
      const inner = prefix + ' '.repeat(width + 2);
      return answer.items
        .map((item, i) => `${i === 0 ? '' : prefix}${String(i + 1).padStart(width)}) ${format(item, inner)}`)
        .join('');
    }
  }
}

/** The reply as redis-cli prints it in a terminal, without the last newline. */
export function formatReply(answer: Reply): string {
  return format(answer, '').replace(/\n$/, '');
}
