import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { exchangeOrigin } from '../../../shared/exchange-origin.ts';
import { REPLAY_HEADER } from '../../../shared/api/lab.ts';
import { foldCounters } from '../inspector/counter-folding.ts';
import { exchangeCommands } from '../inspector/exchange-commands.ts';
import type { CommandEntry, ReadEntry } from '../inspector/inspector-model.ts';
import { errorCode } from '../labs/evidence.ts';

/** The lanes a diagram may draw, left to right. */
export type LaneId = 'other' | 'browser' | 'server' | 'b' | 'store' | 'b-store';

export interface Lane {
  id: LaneId;
  label: string;
  /** A second line: which origin, which store. */
  detail: string;
}

/** Something shown shortened, with its whole text for a hover or a screen reader. */
export interface Shortened {
  short: string;
  full: string;
}

export type Arrow =
  | { kind: 'request'; from: LaneId; to: LaneId; label: Shortened; credential: Shortened | null }
  | { kind: 'command'; from: LaneId; to: LaneId; label: Shortened; read: boolean }
  | {
      kind: 'response';
      from: LaneId;
      to: LaneId;
      label: Shortened;
      setCookie: Shortened | null;
      /** The credential a body carried (a token login's JWT and refresh token), when it carried one. */
      body: Shortened | null;
      refused: boolean;
    };

/** One exchange as the diagram draws it: its request, every store command it ran, and its response. */
export interface Block {
  exchange: HttpEvent;
  arrows: Arrow[];
  /** Store commands not drawn (a block draws at most MAX_COMMANDS until the learner asks for all of them). */
  more: number;
}

/** The store commands one block draws at most, unless it is expanded (the exchange's detail lists them all too). */
export const MAX_COMMANDS = 8;

/** What the diagram needs to know of the page and the server. */
export interface DiagramContext {
  /** This window's origin. */
  origin: string;
  /** `SQLite (embedded)`, `Redis`… */
  storeLabel: string;
  /** The session cookie's name (`sl_session` unless configured otherwise). */
  cookieName: string;
}

function shorten(text: string, max: number): Shortened {
  return { short: text.length > max ? `${text.slice(0, max - 1)}…` : text, full: text };
}

function header(exchange: HttpEvent, name: string, side: 'request' | 'response' = 'request'): string[] {
  const value = (side === 'request' ? exchange.requestHeaders : exchange.responseHeaders)[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Whether the lab's replay tool (or its loopback logins) sent the request, not a page. */
function replayed(exchange: HttpEvent): boolean {
  return header(exchange, REPLAY_HEADER).length > 0;
}

/** The credential a request carried: the session cookie (and its signature), or the bearer token, shortened. */
export function credentialOf(exchange: HttpEvent, cookieName: string): Shortened | null {
  const bearer = header(exchange, 'authorization').find((value) => /^bearer /i.test(value));
  if (bearer) {
    const token = bearer.slice(7);
    return {
      short: `Authorization: Bearer ${token.slice(0, 10)}…${token.slice(-6)}`,
      full: `Authorization: ${bearer}`,
    };
  }
  const cookies = header(exchange, 'cookie').join('; ');
  const session = cookies.split(/;\s*/).find((part) => part.startsWith(`${cookieName}=`));
  if (session) {
    const id = session.slice(cookieName.length + 1);
    return { short: `Cookie: ${cookieName}=${id.slice(0, 8)}…`, full: `Cookie: ${cookies}` };
  }
  return null;
}

/** The cookies a response set, by name (`sl_session`, or `sl_session (cleared)` when it deletes it). */
export function setCookieOf(exchange: HttpEvent): Shortened | null {
  const values = header(exchange, 'set-cookie', 'response');
  if (values.length === 0) return null;
  const names = values.map((value) => {
    const [pair = ''] = value.split(';');
    const [name = '', cookieValue = ''] = pair.split('=');
    const cleared = cookieValue.trim() === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(value);
    return `${name.trim()}${cleared ? ' (cleared)' : ''}`;
  });
  return { short: `Set-Cookie: ${names.join(', ')}`, full: values.map((value) => `Set-Cookie: ${value}`).join('\n') };
}

/** The credentials an answer's body handed over (a token login or refresh): the JWT and the refresh token. */
export function bodyCredentialsOf(exchange: HttpEvent): Shortened | null {
  try {
    const body = JSON.parse(exchange.responseBody ?? '') as Record<string, unknown>;
    const parts = [
      typeof body.access_token === 'string' ? 'access_token (a JWT)' : null,
      typeof body.refresh_token === 'string' ? 'refresh_token' : null,
    ].filter((part): part is string => part !== null);
    if (parts.length === 0) return null;
    const text = `Body: ${parts.join(' + ')}`;
    return { short: text, full: `${text}: the page keeps them itself (no cookie)` };
  } catch {
    return null;
  }
}

/**
 * Who sent a request: this window, a page of another origin (a lab's site or the evil origin's form), or the server
 * itself: the lab's replay tool sending a copied credential on to lab 9's instance B, as a load balancer would.
 */
function requesterOf(exchange: HttpEvent, origin: string): { lane: 'browser' | 'other' | 'server'; origin: string } {
  if (exchange.instance && replayed(exchange)) return { lane: 'server', origin };
  const sentFrom = header(exchange, 'origin')[0];
  if (sentFrom && sentFrom !== 'null' && sentFrom !== origin) return { lane: 'other', origin: sentFrom };
  const sentTo = exchangeOrigin(exchange, origin);
  if (!exchange.instance && sentTo !== origin) return { lane: 'other', origin: sentTo };
  return { lane: 'browser', origin };
}

/**
 * The diagram of some exchanges (oldest first): the lanes they need, and one block each. Lanes: another origin's page
 * (when one sent a request), this window, the server (and lab 9's instance B when it answered), the store (and B's own
 * store when B ran on one of its own). The exchanges in `expanded` draw every store command they ran.
 */
export function buildDiagram(
  exchanges: readonly HttpEvent[],
  caused: ReadonlyMap<number, CommandEntry[]>,
  readBy: ReadonlyMap<number, ReadEntry[]>,
  context: DiagramContext,
  expanded: ReadonlySet<number> = new Set(),
): { lanes: Lane[]; blocks: Block[] } {
  const others = new Set<string>();
  let instanceB: 'shared' | 'memory' | null = null;
  const blocks = exchanges.map((exchange): Block => {
    const requester = requesterOf(exchange, context.origin);
    if (requester.lane === 'other') others.add(requester.origin);
    const server: LaneId = exchange.instance ? 'b' : 'server';
    if (exchange.instance)
      instanceB = exchange.instance.store === 'memory' || instanceB === 'memory' ? 'memory' : 'shared';
    const store: LaneId = exchange.instance?.store === 'memory' ? 'b-store' : 'store';
    const lines = exchangeCommands(exchange.id, readBy.get(exchange.id) ?? [], caused.get(exchange.id) ?? []);
    const folded = foldCounters(lines, (line) => line, 'oldest-first');
    const drawn = expanded.has(exchange.id) ? folded.length : MAX_COMMANDS;
    const commands: Arrow[] = folded.slice(0, drawn).map((item) =>
      item.kind === 'line'
        ? { kind: 'command', from: server, to: store, label: shorten(item.line.command, 64), read: item.line.read }
        : {
            kind: 'command',
            from: server,
            to: store,
            label: {
              short: `${item.label}: ${item.lines.length} commands`,
              full: item.lines.map((line) => line.command).join('\n'),
            },
            read: false,
          },
    );
    const code = errorCode(exchange);
    const path = exchange.path.split('?')[0]!;
    return {
      exchange,
      more: Math.max(0, folded.length - drawn),
      arrows: [
        {
          kind: 'request',
          from: requester.lane,
          to: server,
          label: shorten(`${exchange.method} ${path}${replayed(exchange) ? ' (the lab’s replay)' : ''}`, 72),
          credential: credentialOf(exchange, context.cookieName),
        },
        ...commands,
        {
          kind: 'response',
          from: server,
          to: requester.lane,
          label: {
            short: `${exchange.status}${code ? ` ${code}` : ''}`,
            full: `${exchange.status}${code ? ` ${code}` : ''}`,
          },
          setCookie: setCookieOf(exchange),
          body: bodyCredentialsOf(exchange),
          refused: exchange.status >= 400,
        },
      ],
    };
  });
  const lanes: Lane[] = [];
  if (others.size > 0)
    lanes.push({ id: 'other', label: 'Another origin', detail: [...others].join(', ').replace(/http:\/\//g, '') });
  lanes.push({ id: 'browser', label: 'Browser', detail: 'this window' });
  // Beside lab 9's instance B, the server is the lab's "A".
  lanes.push({ id: 'server', label: instanceB ? 'Server A' : 'Server', detail: context.origin.replace('http://', '') });
  if (instanceB) lanes.push({ id: 'b', label: 'Instance B', detail: 'lab 9' });
  lanes.push({ id: 'store', label: 'Store', detail: context.storeLabel });
  if (instanceB === 'memory') lanes.push({ id: 'b-store', label: 'B’s own store', detail: 'in memory' });
  return { lanes, blocks };
}
