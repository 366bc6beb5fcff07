import { useNow } from '../hooks/use-now.ts';
import { countdownText } from './countdown-text.ts';

/**
 * Time left until `at` (epoch ms), counting down every quarter second. At zero it says `atZero`: "expired" by default;
 * a countdown to something the store removes says "due now" until the removal is seen, since the key outlives its
 * TTL by up to a sweep (and a renewal may still move it).
 */
export function Countdown({ at, testId, atZero = 'expired' }: { at: number; testId?: string; atZero?: string }) {
  const now = useNow();
  const left = Math.max(0, at - now);
  return (
    <time
      dateTime={new Date(at).toISOString()}
      className={left === 0 ? `countdown ${atZero === 'expired' ? 'expired' : 'due'}` : 'countdown'}
      data-testid={testId}
      title={new Date(at).toLocaleString()}
    >
      {countdownText(left, atZero)}
    </time>
  );
}
