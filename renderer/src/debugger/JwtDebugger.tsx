import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { SendResultView } from './SendResultView.tsx';
import { SigningKeyPanel, type KeyOffer } from './SigningKeyPanel.tsx';
import { TamperEditor, type TamperState } from './TamperEditor.tsx';
import { TokenSegments } from './TokenSegments.tsx';
import { VerdictView } from './VerdictView.tsx';
import { compactToken, decodeSegmentJson, decodeSegmentText, formatJson, splitToken, tamper } from './jwt-parts.ts';
import { useServerCheck } from './use-server-check.ts';
import { isHmac } from './jwt-signing.ts';
import { useSignedToken, useSigningKey, useVerdict } from './use-signing.ts';
import './jwt-debugger.css';

/** What an editor starts with: the segment's JSON pretty-printed, else its text, else nothing. */
function editorText(segment: string): string {
  const json = decodeSegmentJson(segment);
  if (json.ok) return formatJson(json.value);
  const text = decodeSegmentText(segment);
  return text.ok ? text.value : '';
}

/** The editors' starting point for a pasted token (also what counts as "not edited"). */
function decodedState(input: string): TamperState {
  const segments = splitToken(input);
  if (!segments.ok) return { headerText: '', payloadText: '', mode: 'keep' };
  return {
    headerText: editorText(segments.value.header),
    payloadText: editorText(segments.value.payload),
    mode: 'keep',
  };
}

/** Why a segment of the pasted token does not decode, for the inline errors. */
function decodingErrors(input: string): string[] {
  if (compactToken(input) === '') return [];
  const segments = splitToken(input);
  if (!segments.ok) return [segments.error];
  const errors: string[] = [];
  const header = decodeSegmentJson(segments.value.header);
  if (!header.ok) errors.push(`Header: ${header.error}`);
  const payload = decodeSegmentJson(segments.value.payload);
  if (!payload.ok) errors.push(`Payload: ${payload.error}`);
  return errors;
}

/**
 * The JWT debugger: paste a token (or take the one the token panel holds), see its parts, edit the
 * header and payload into a forgery, and ask the server what it makes of either.
 */
export function JwtDebugger({
  currentToken,
  beforeAsking,
  heading = 'JWT debugger',
  currentLabel = 'Use the current token',
  currentMissing = 'The token panel holds no access token in localStorage yet.',
  keyOffers,
  publishJwks,
  onToken,
  actions,
}: {
  currentToken: string | null;
  /** The words on the button that loads `currentToken` (a lab names whose token it is). */
  currentLabel?: string;
  /** Said while there is no `currentToken`. */
  currentMissing?: string;
  /** Keys a lab hands the signing area (the cracked secret, a recovered key's PEM). */
  keyOffers?: KeyOffer[];
  /** Publishes public keys on the lab's evil origin (the jku attack): the signing area gets a button for it. */
  publishJwks?: (keys: object[]) => Promise<string>;
  /** Told the token the buttons would send now (null: none), e.g. for a lab's own send step. */
  onToken?: (token: string | null) => void;
  /** A lab's own buttons and answers for the token, shown first under the editor. */
  actions?: (token: string | null) => ReactNode;
  /** Awaited before each question to the server (a lab starts its run then, as its first step would). */
  beforeAsking?: () => Promise<void>;
  heading?: string;
}) {
  const inputId = useId();
  const [input, setInput] = useState('');
  const [original, setOriginal] = useState<TamperState>(() => decodedState(''));
  const [edit, setEdit] = useState<TamperState>(original);
  const { inspection, inspect, sent, send } = useServerCheck();
  const signing = useSigningKey();

  const load = (text: string) => {
    const decoded = decodedState(text);
    setInput(text);
    setOriginal(decoded);
    setEdit(decoded);
  };

  const compact = compactToken(input);
  const segments = splitToken(input);
  const errors = decodingErrors(input);
  const edited =
    edit.headerText !== original.headerText || edit.payloadText !== original.payloadText || edit.mode !== original.mode;
  const keyUntouched = isHmac(signing.input.alg) ? signing.input.secret === '' : signing.input.privateKey.trim() === '';
  const signed = useSignedToken(
    edit.headerText,
    edit.payloadText,
    signing.key,
    edited && edit.mode === 'sign',
    keyUntouched,
  );
  const tampered = !edited
    ? null
    : (signed ??
      tamper(
        edit.headerText,
        edit.payloadText,
        segments.ok ? segments.value.signature : '',
        edit.mode === 'sign' ? 'strip' : edit.mode,
      ));
  const tokenToSend = tampered
    ? tampered !== 'pending' && tampered !== 'no-key' && tampered.ok
      ? tampered.value
      : null
    : compact || null;
  const verdict = useVerdict(tokenToSend, signing.key);
  useEffect(() => onToken?.(tokenToSend), [onToken, tokenToSend]);
  const pending = inspection?.status === 'pending' || sent?.status === 'pending';
  const results = useRef<HTMLDivElement>(null);
  const ask = async (question: (token: string) => Promise<void>, token: string) => {
    await beforeAsking?.();
    await question(token);
    // The answer appears under the buttons: bring it into view (in a lab the debugger sits low in a scrolled column).
    requestAnimationFrame(() => results.current?.scrollIntoView?.({ block: 'nearest' }));
  };

  return (
    <section className="card jwt-debugger" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{heading}</h2>
      <p className="jwt-hint">
        Paste a token, change its header or payload, and ask the server what it makes of the result.
      </p>

      <div className="jwt-input">
        <label htmlFor={inputId}>Encoded token</label>
        <textarea
          id={inputId}
          className="jwt-input-text"
          data-testid="jwt-input"
          value={input}
          onChange={(event) => load(event.target.value)}
          rows={4}
          spellCheck={false}
          autoComplete="off"
        />
        <button
          type="button"
          data-testid="jwt-use-current"
          disabled={currentToken === null}
          onClick={() => currentToken !== null && load(currentToken)}
        >
          {currentLabel}
        </button>
        {currentToken === null && <p className="jwt-hint">{currentMissing}</p>}
      </div>

      {compact !== '' && (
        <div className="jwt-parts">
          <h3 className="jwt-subheading">
            Its parts: <span className="jwt-legend-header">header</span>.
            <span className="jwt-legend-payload">payload</span>.<span className="jwt-legend-signature">signature</span>
          </h3>
          <TokenSegments token={compact} testId="jwt-encoded" />
        </div>
      )}
      {errors.map((error) => (
        <p key={error} className="jwt-error" role="alert">
          {error}
        </p>
      ))}

      <TamperEditor
        state={edit}
        onChange={(change) => setEdit((current) => ({ ...current, ...change }))}
        tampered={tampered}
        signingArea={
          <SigningKeyPanel
            input={signing.input}
            onInput={signing.change}
            signingKey={signing.key}
            headerText={edit.headerText}
            onHeaderText={(headerText) => setEdit((current) => ({ ...current, headerText }))}
            verdict={verdict}
            offers={keyOffers}
            publishJwks={publishJwks}
          />
        }
      />
      {actions?.(tokenToSend)}

      <div className="jwt-actions">
        <button
          type="button"
          data-testid="jwt-inspect"
          disabled={tokenToSend === null || pending}
          onClick={() => tokenToSend && void ask(inspect, tokenToSend)}
        >
          Ask the server (POST /api/v1/jwt/inspect)
        </button>
        <button
          type="button"
          data-testid="jwt-send"
          disabled={tokenToSend === null || pending}
          onClick={() => tokenToSend && void ask(send, tokenToSend)}
        >
          Send it to GET /api/v1/token/data
        </button>
        <p className="jwt-hint">
          {tokenToSend === null
            ? tampered === 'pending'
              ? 'Signing…'
              : 'Paste a token, or fix the JSON above (or the key), to send one.'
            : tampered
              ? 'Both send the tampered token.'
              : 'Both send the encoded token as pasted.'}
        </p>
      </div>

      {/* Answers about an earlier token are hidden rather than shown next to a token they do not describe. */}
      <div className="jwt-results" aria-live="polite" ref={results}>
        {inspection && inspection.token === tokenToSend && <VerdictView outcome={inspection} />}
        {sent && sent.token === tokenToSend && <SendResultView outcome={sent} />}
      </div>
    </section>
  );
}
