import { useCallback, useMemo, useState, type ComponentType } from 'react';
import { api } from '../api/client.ts';
import { JwtDebugger } from '../debugger/JwtDebugger.tsx';
import type { KeyOffer } from '../debugger/SigningKeyPanel.tsx';
import { CrackPanel } from './CrackPanel.tsx';
import { setJwtDraft, useJwtLabState, type RealNotes } from './jwt-attack-state.ts';
import { KeyRecoveryPanel } from './KeyRecoveryPanel.tsx';
import type { LabContext } from './lab-types.ts';
import { SideBySideSend } from './SideBySideSend.tsx';
import './jwt-attacks.css';

/** What a JWT attack lab's workbench adds to the debugger: the cracker (15), the jku publisher (16), the key recovery (18). */
export interface WorkbenchTools {
  crack?: boolean;
  jku?: boolean;
  recovery?: boolean;
  /** Words under the real API's refusal, by its code (what that refusal shows of the real defence). */
  realNotes?: RealNotes;
}

/**
 * The workbench of a JWT attack lab: its tools, then the JWT debugger on the lab target's token, whose token goes to
 * the lab target and to the real API side by side.
 */
export function jwtAttackWorkbench(tools: WorkbenchTools): ComponentType<{ context: LabContext }> {
  return function JwtAttackWorkbench({ context }) {
    const { targetTokens, realKey } = useJwtLabState();
    const [secret, setSecret] = useState<string | null>(null);
    const [pem, setPem] = useState<string | null>(null);
    const latest = targetTokens.at(-1) ?? null;
    const offers = useMemo(() => {
      const list: KeyOffer[] = [];
      if (secret)
        list.push({
          id: 'cracked',
          label: `Sign with the cracked secret “${secret}”`,
          input: { alg: 'HS256', secret, encoding: 'text' },
        });
      if (pem)
        list.push({
          id: 'recovered-pem',
          label: 'Sign HS256 with the recovered public key’s PEM as the secret',
          input: { alg: 'HS256', secret: pem, encoding: 'text' },
        });
      // The real API's own kid, where the learner needs it: its best chance to check the forgery's signature.
      if (secret && realKey && realKey.alg.startsWith('HS'))
        list.push({
          id: 'real-kid',
          label: `Sign with the cracked secret under the real API’s kid “${realKey.kid}”`,
          input: { alg: 'HS256', secret, encoding: 'text' },
          header: { kid: realKey.kid },
        });
      if (realKey?.pem)
        list.push({
          id: 'real-pem',
          label: `Sign HS256 with the real API’s ES256 public key (its PEM) under its kid “${realKey.kid}”`,
          input: { alg: 'HS256', secret: realKey.pem, encoding: 'text' },
          header: { kid: realKey.kid },
        });
      return list;
    }, [secret, pem, realKey]);
    const publishJwks = useCallback(
      async (keys: object[]) => (await api.labJwt.publishJwks(context.labKey, keys)).url,
      [context.labKey],
    );
    const actions = useCallback(
      (token: string | null) => <SideBySideSend context={context} token={token} notes={tools.realNotes} />,
      [context],
    );

    return (
      <div className="lab-workbench" data-testid="lab-debugger">
        {tools.crack && <CrackPanel context={context} token={latest} onFound={setSecret} />}
        {tools.recovery && <KeyRecoveryPanel tokens={targetTokens} onRecovered={(key) => setPem(key.pem)} />}
        <JwtDebugger
          currentToken={latest}
          currentLabel="Use the lab target’s token"
          currentMissing="No token from the lab target yet: press its step above."
          beforeAsking={context.begin}
          heading="The target’s token, in the JWT debugger"
          keyOffers={offers}
          publishJwks={tools.jku ? publishJwks : undefined}
          onToken={setJwtDraft}
          actions={actions}
        />
      </div>
    );
  };
}
