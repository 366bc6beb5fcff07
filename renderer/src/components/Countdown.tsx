import { useNow } from '../hooks/use-now.ts';

/** Time left until `at` (epoch ms), counting down every quarter second. */
export function Countdown({ at, testId }: { at: number; testId?: string }) {
  const now = useNow();
  const left = Math.max(0, at - now);
  const seconds = Math.ceil(left / 1_000);
  const text =
    left === 0 ? 'expired' : seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return (
    <time
      dateTime={new Date(at).toISOString()}
      className={left === 0 ? 'countdown expired' : 'countdown'}
      data-testid={testId}
      title={new Date(at).toLocaleString()}
    >
      {text}
    </time>
  );
}
