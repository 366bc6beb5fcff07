import { storeTimeSplit } from './store-time-words.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import './store-waterfall.css';

/** Where one exchange's server time went: a bar (store, then the server's own work) and the same in words. */
export function StoreWaterfall({ exchange }: { exchange: HttpEvent }) {
  const split = storeTimeSplit(exchange);
  return (
    <div className="store-waterfall" data-testid="store-waterfall">
      <h4>Where the time went</h4>
      {split === null ? (
        <p className="muted" data-testid="store-waterfall-text">
          {exchange.duration} ms in total; its time in the store was not measured (an instance on a store of its own).
        </p>
      ) : (
        <>
          {/* The sentence below says the same: the bar is a picture of it. */}
          <div className="store-waterfall-bar" aria-hidden="true">
            {split.storeMs > 0 && (
              <span className="store-waterfall-store" style={{ width: `${split.storeShare * 100}%` }} />
            )}
            <span className="store-waterfall-server" />
          </div>
          <p className="store-waterfall-legend" aria-hidden="true">
            {split.storeMs > 0 && (
              <span>
                <span className="store-waterfall-swatch store-waterfall-store" /> the store
              </span>
            )}
            <span>
              <span className="store-waterfall-swatch store-waterfall-server" /> the server
            </span>
            <span className="muted">shares of the time, not their order</span>
          </p>
          <p data-testid="store-waterfall-text">
            {split.sentence} {split.reading}
          </p>
        </>
      )}
    </div>
  );
}
