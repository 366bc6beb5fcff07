import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { sessionCookieName } from '../api/session-cookie-name.ts';
import { ExchangeDetail } from '../inspector/ExchangeDetail.tsx';
import { useInspector } from '../inspector/inspector-context.ts';
import { isPlumbing } from '../inspector/plumbing.ts';
import { useSelectedExchange, useSelectedKey } from '../inspector/selection.ts';
import { download, standaloneSvg } from './export-svg.ts';
import { buildDiagram, type Arrow, type Block, type Lane, type LaneId } from './sequence-model.ts';
import './sequence.css';

/** The exchanges the diagram can step through (the newest), and how many it draws at once. */
export const KEPT = 50;
export const VISIBLE = 6;

/** The lanes' titles stay in view above the scrolling diagram; the diagram itself starts just below. */
const HEADER = 44;
const TOP = 6;
const TITLE = 20;
const REQUEST = 40;
const COMMAND = 20;
const MORE = 16;
const RESPONSE = 38;
const GAP = 16;
const MARGIN = 80;
/** About how wide a character of the diagram's monospace labels is, to cut a label to the room between two lanes. */
const CHAR = 7.2;

function blockHeight(block: Block): number {
  const commands = block.arrows.filter((arrow) => arrow.kind === 'command').length;
  return TITLE + REQUEST + commands * COMMAND + (block.more > 0 ? MORE : 0) + RESPONSE + GAP;
}

function fit(text: string, room: number): string {
  const chars = Math.max(8, Math.floor(room / CHAR));
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function arrowWords(arrow: Arrow): string {
  if (arrow.kind === 'request')
    return `Request ${arrow.label.full}${arrow.credential ? ` with ${arrow.credential.full}` : ', no credential'}`;
  if (arrow.kind === 'command') return `${arrow.read ? 'Store read' : 'Store write'}: ${arrow.label.full}`;
  return `Response ${arrow.label.full}${arrow.setCookie ? ` with ${arrow.setCookie.full}` : ''}${arrow.body ? `, ${arrow.body.full}` : ''}`;
}

/** One arrow from a lane to another, its label above it; a button (Enter or Space) that selects its exchange. */
function ArrowView({
  arrow,
  y,
  x,
  onSelect,
}: {
  arrow: Arrow;
  y: number;
  x: (lane: LaneId) => number;
  onSelect: () => void;
}) {
  const from = x(arrow.from);
  const to = x(arrow.to);
  const room = Math.abs(to - from) - 12;
  const middle = (from + to) / 2;
  const kind = arrow.kind === 'command' ? (arrow.read ? 'read' : 'write') : arrow.kind;
  const lineY = y + (arrow.kind === 'request' ? REQUEST - 8 : arrow.kind === 'command' ? COMMAND - 5 : RESPONSE - 8);
  const second =
    arrow.kind === 'request' ? arrow.credential : arrow.kind === 'response' ? (arrow.setCookie ?? arrow.body) : null;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onSelect();
  };
  const first = fit(arrow.label.short, room);
  const then = second ? fit(second.short, room) : null;
  return (
    <g
      className={`seq-arrow seq-${kind}${arrow.kind === 'response' && arrow.refused ? ' seq-refused' : ''}`}
      role="button"
      tabIndex={0}
      // What it shows first (so a voice user can say it), then the whole of it.
      aria-label={`${first}${then ? ` ${then}` : ''}. ${arrowWords(arrow)}`}
      onClick={onSelect}
      onKeyDown={onKeyDown}
      data-testid={`seq-${kind}`}
    >
      <title>{arrowWords(arrow)}</title>
      {/* A wide invisible line: the arrow is easy to point at. */}
      <line className="seq-hit" x1={from} x2={to} y1={lineY} y2={lineY} />
      <line className="seq-line" x1={from} x2={to} y1={lineY} y2={lineY} markerEnd="url(#seq-head)" />
      <text className="seq-label" x={middle} y={lineY - (then ? 17 : 5)} textAnchor="middle">
        <tspan className="seq-first">{then ? `${first} ` : first}</tspan>
        {then && (
          <tspan className="seq-second" x={middle} dy={12}>
            {then}
          </tspan>
        )}
      </text>
    </g>
  );
}

/**
 * The sequence diagram: each exchange as it happens, drawn as every auth tutorial draws it by hand: lanes for the
 * browser, the server and the store (another origin's page and lab 9's instance B when they take part), the request
 * with the credential it carried, every store command it ran (reads dotted and quieter, writes solid), and the response
 * with its status, error code and Set-Cookie. Pause, step back and forth through the last 50, select an arrow for the
 * exchange's detail (the HTTP log selects the same one), export the picture as SVG.
 */
export function SequenceView() {
  const { exchanges, caused, readBy, metrics } = useInspector();
  const [selected, setSelected] = useSelectedExchange();
  const [, setKey] = useSelectedKey();
  const [frozen, setFrozen] = useState<number[] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [width, setWidth] = useState(800);
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const head = useRef<SVGSVGElement>(null);
  const seen = useRef(new Set<number>());

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(520, element.clientWidth - 4)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const liveList = exchanges
    .filter((exchange) => !isPlumbing(exchange))
    .slice(0, KEPT)
    .reverse();
  const byId = new Map(exchanges.map((exchange) => [exchange.id, exchange]));
  const list = frozen ? frozen.flatMap((id) => byId.get(id) ?? []) : liveList;
  const waiting = frozen ? liveList.filter((exchange) => exchange.id > (frozen.at(-1) ?? -1)).length : 0;
  const selectedIndex = list.findIndex((exchange) => exchange.id === selected);
  const end =
    cursor !== null
      ? cursor + 1
      : selectedIndex >= 0 && selectedIndex < list.length - VISIBLE
        ? selectedIndex + 1
        : list.length;
  const shown = list.slice(Math.max(0, end - VISIBLE), end);
  const storeLabel = metrics ? (metrics.storeKind === 'redis' ? 'Redis' : 'SQLite (embedded)') : 'the session store';
  const { lanes, blocks } = buildDiagram(
    shown,
    caused,
    readBy,
    {
      origin: window.location.origin,
      storeLabel,
      cookieName: sessionCookieName(),
    },
    expanded,
  );
  // Drawing an exchange's other commands keeps the diagram where the learner was reading (not back at its top).
  const keepScroll = useRef<number | null>(null);
  const expand = (id: number) => {
    keepScroll.current = box.current?.scrollTop ?? null;
    setExpanded((before) => new Set(before).add(id));
  };
  useLayoutEffect(() => {
    if (keepScroll.current === null || !box.current) return;
    box.current.scrollTop = keepScroll.current;
    keepScroll.current = null;
  }, [expanded]);
  const x = (lane: LaneId) => {
    const index = Math.max(
      0,
      lanes.findIndex((candidate) => candidate.id === lane),
    );
    return MARGIN + (index * (width - 2 * MARGIN)) / Math.max(1, lanes.length - 1);
  };
  const height = TOP + blocks.reduce((sum, block) => sum + blockHeight(block), 0) + 10;
  const live = frozen === null && cursor === null;
  const fresh = blocks.filter((block) => !seen.current.has(block.exchange.id)).map((block) => block.exchange.id);

  useEffect(() => {
    for (const id of fresh) seen.current.add(id);
  });
  // Live, the newest exchange is in view: the diagram scrolls to its foot as one arrives.
  const newest = blocks.at(-1)?.exchange.id;
  useEffect(() => {
    if (live && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [live, newest]);

  const pause = () => setFrozen(liveList.map((exchange) => exchange.id));
  // Back to live follows the newest exchange again: nothing selected holds the picture back.
  const resume = () => {
    setFrozen(null);
    setCursor(null);
    setSelected(null);
  };
  const step = (by: -1 | 1) => {
    if (list.length === 0) return;
    if (!frozen) pause();
    const at = Math.min(
      list.length - 1,
      Math.max(0, (cursor ?? (selectedIndex >= 0 ? selectedIndex : list.length - 1)) + by),
    );
    setCursor(at);
    setSelected(list[at]!.id);
  };
  // Where the stepping stands: the exchange stepped to (or selected, or the newest) among those kept.
  const at = cursor ?? (selectedIndex >= 0 ? selectedIndex : list.length - 1);
  const exportSvg = () => {
    if (head.current && svg.current)
      download('session-lab-sequence.svg', 'image/svg+xml', standaloneSvg(head.current, svg.current));
  };
  const detail = selected === null ? undefined : byId.get(selected);

  let y = TOP;
  return (
    <div className="sequence" data-testid="sequence-view">
      <div className="sequence-toolbar" role="toolbar" aria-label="Sequence diagram">
        <span className={live ? 'seq-state live' : 'seq-state'} data-testid="seq-state" aria-live="polite">
          {live
            ? 'Live: each exchange appears as it happens'
            : `Paused${waiting > 0 ? `: ${waiting} newer ${waiting === 1 ? 'exchange' : 'exchanges'} waiting` : ''}`}
        </span>
        {live ? (
          <button type="button" onClick={pause} data-testid="seq-pause">
            Pause
          </button>
        ) : (
          <button type="button" onClick={resume} data-testid="seq-live">
            Back to live
          </button>
        )}
        <button type="button" onClick={() => step(-1)} disabled={list.length === 0 || at <= 0} data-testid="seq-older">
          ◀ Older
        </button>
        <button
          type="button"
          onClick={() => step(1)}
          disabled={list.length === 0 || at >= list.length - 1}
          data-testid="seq-newer"
        >
          Newer ▶
        </button>
        {list.length > 0 && (
          <span className="muted" data-testid="seq-position">
            exchange {at + 1} of the last {list.length}
          </span>
        )}
        <button type="button" onClick={exportSvg} disabled={blocks.length === 0} data-testid="seq-export">
          Export SVG
        </button>
        <span className="muted">
          Newest at the bottom; the window&apos;s own polls left out. Reads dotted and grey, writes solid. Select an
          arrow for its exchange.
        </span>
      </div>
      <div className={detail ? 'sequence-body with-detail' : 'sequence-body'}>
        <div className="sequence-frame">
          <svg
            ref={head}
            width={width}
            height={HEADER}
            viewBox={`0 0 ${width} ${HEADER}`}
            className="sequence-svg sequence-lanes"
            role="list"
            aria-label="Lanes"
          >
            {lanes.map((lane: Lane) => (
              <g
                key={lane.id}
                className="seq-lane"
                role="listitem"
                aria-label={`${lane.label}: ${lane.detail}`}
                data-testid={`seq-lane-${lane.id}`}
              >
                <text className="seq-lane-title" x={x(lane.id)} y={18} textAnchor="middle">
                  {lane.label}
                </text>
                <text className="seq-lane-detail" x={x(lane.id)} y={34} textAnchor="middle">
                  {fit(lane.detail, (width - 2 * MARGIN) / Math.max(1, lanes.length - 1) + 40)}
                </text>
              </g>
            ))}
          </svg>
          <div className="sequence-canvas" ref={box}>
            {blocks.length === 0 ? (
              <p className="muted sequence-empty">
                No exchange yet: log in on either side, and the request, the store commands it ran and the answer are
                drawn here.
              </p>
            ) : (
              <svg
                ref={svg}
                width={width}
                height={height}
                viewBox={`0 0 ${width} ${height}`}
                className="sequence-svg"
                role="group"
                aria-label={`Sequence diagram of exchanges ${blocks[0]!.exchange.id} to ${blocks.at(-1)!.exchange.id}`}
                data-testid="sequence-svg"
              >
                <defs>
                  <marker
                    id="seq-head"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerWidth="7"
                    markerHeight="7"
                    orient="auto-start-reverse"
                  >
                    <path d="M0,0 L10,5 L0,10 z" className="seq-head" />
                  </marker>
                </defs>
                {lanes.map((lane: Lane) => (
                  <line key={lane.id} className="seq-lifeline" x1={x(lane.id)} x2={x(lane.id)} y1={0} y2={height} />
                ))}
                {blocks.map((block) => {
                  const top = y;
                  y += blockHeight(block);
                  const { exchange } = block;
                  const select = () => setSelected(exchange.id);
                  let rowY = top + TITLE;
                  return (
                    <g
                      key={exchange.id}
                      className={[
                        'seq-block',
                        exchange.id === selected ? 'selected' : '',
                        fresh.includes(exchange.id) ? 'seq-new' : '',
                      ].join(' ')}
                      data-testid="seq-block"
                      data-exchange={exchange.id}
                    >
                      <rect
                        className="seq-block-bg"
                        x={4}
                        y={top}
                        width={width - 8}
                        height={blockHeight(block) - 6}
                        rx={6}
                      />
                      <text className="seq-block-title" x={10} y={top + 14}>
                        #{exchange.id} · {new Date(exchange.startedAt).toLocaleTimeString()} · {exchange.duration} ms
                      </text>
                      {block.arrows.map((arrow, index) => {
                        const at = rowY;
                        rowY += arrow.kind === 'request' ? REQUEST : arrow.kind === 'command' ? COMMAND : RESPONSE;
                        const more =
                          arrow.kind === 'command' && block.more > 0 && block.arrows[index + 1]?.kind === 'response' ? (
                            <g
                              key="more"
                              className="seq-more"
                              role="button"
                              tabIndex={0}
                              aria-label={`Draw the ${block.more} other store commands of exchange ${exchange.id}`}
                              data-testid="seq-more"
                              onClick={() => expand(exchange.id)}
                              onKeyDown={(event) => {
                                if (event.key !== 'Enter' && event.key !== ' ') return;
                                event.preventDefault();
                                expand(exchange.id);
                              }}
                            >
                              <text x={(x(arrow.from) + x(arrow.to)) / 2} y={rowY + 11} textAnchor="middle">
                                and {block.more} more store commands: draw them all
                              </text>
                            </g>
                          ) : null;
                        if (more) rowY += MORE;
                        return (
                          <g key={index}>
                            <ArrowView arrow={arrow} y={at} x={x} onSelect={select} />
                            {more}
                          </g>
                        );
                      })}
                    </g>
                  );
                })}
              </svg>
            )}
          </div>
        </div>
        {detail && (
          <ExchangeDetail
            exchange={detail}
            caused={caused.get(detail.id) ?? []}
            reads={readBy.get(detail.id) ?? []}
            onSelectKey={setKey}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </div>
  );
}
