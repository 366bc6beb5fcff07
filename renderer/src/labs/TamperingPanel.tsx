import { JwtDebugger } from '../debugger/JwtDebugger.tsx';
import type { LabContext } from './lab-types.ts';

/**
 * Lab 8's workbench: the JWT debugger, in the lab, on the token the panel holds. The learner edits the header or the
 * payload and sends the result to the server; the lab's checks read the real exchanges it makes.
 */
export function TamperingPanel({ context }: { context: LabContext }) {
  return (
    <div className="lab-workbench" data-testid="lab-debugger">
      <JwtDebugger
        currentToken={context.token.held?.access ?? null}
        beforeAsking={context.begin}
        heading="Your token, in the JWT debugger"
      />
    </div>
  );
}
