import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/**
 * The bar between the panels and the inspector: drag it, or focus it and use the arrow keys
 * (Page Up/Down for bigger steps, Home/End for the limits). `value` is the top area's share in percent.
 */
export function Splitter({
  value,
  onChange,
  min = 20,
  max = 80,
}: {
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
}) {
  const dragging = useRef(false);
  const clamp = (next: number) => Math.min(max, Math.max(min, Math.round(next)));
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowUp: -2, ArrowDown: 2, PageUp: -10, PageDown: 10 }[event.key];
    if (step !== undefined) onChange(clamp(value + step));
    else if (event.key === 'Home') onChange(min);
    else if (event.key === 'End') onChange(max);
    else return;
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!dragging.current) return;
    // The share is of the workspace's height (the bar sits in a row of its own, beside the panels' toggle).
    const bar = event.currentTarget as HTMLElement;
    const parent = (bar.closest('.workspace') ?? bar.parentElement!).getBoundingClientRect();
    onChange(clamp(((event.clientY - parent.top) / parent.height) * 100));
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the panels and the inspector"
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={onPointerMove}
      onPointerUp={() => (dragging.current = false)}
    />
  );
}
