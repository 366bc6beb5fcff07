import { useId, type ReactNode } from 'react';
import { FieldWords } from '../glossary/FieldWords.tsx';
import { Gloss } from '../glossary/Gloss.tsx';
import { JsonEditor } from './JsonEditor.tsx';
import { TokenSegments } from './TokenSegments.tsx';
import { parseJsonObject, withField, type SignatureMode } from './jwt-parts.ts';
import type { Signed } from './use-signing.ts';

/** What the editor shows and changes: the header and payload JSON, and what happens to the signature. */
export interface TamperState {
  headerText: string;
  payloadText: string;
  /** `sign`: a new signature, made with the key in the signing area below. */
  mode: SignatureMode | 'sign';
}

/**
 * The decoded header and payload, editable, with quick attacks and the forged token they make.
 * `tampered` is null while nothing is edited.
 */
export function TamperEditor({
  state,
  onChange,
  tampered,
  signingArea,
}: {
  state: TamperState;
  onChange: (change: Partial<TamperState>) => void;
  tampered: Signed | null;
  /** The key to sign with and check against, shown under the signature choice. */
  signingArea?: ReactNode;
}) {
  const modeName = useId();
  const headerJson = parseJsonObject(state.headerText);
  const payloadJson = parseJsonObject(state.payloadText);
  const headerIsJson = headerJson.ok;
  const payloadIsJson = payloadJson.ok;
  const setHeaderField = (field: string, value: unknown, change: Partial<TamperState> = {}) => {
    const next = withField(state.headerText, field, value);
    if (next.ok) onChange({ headerText: next.value, ...change });
  };
  const setPayloadField = (field: string, value: unknown) => {
    const next = withField(state.payloadText, field, value);
    if (next.ok) onChange({ payloadText: next.value });
  };

  return (
    <div className="jwt-tamper">
      <div className="jwt-editors">
        <JsonEditor
          label="Header (JSON)"
          part="header"
          text={state.headerText}
          onChange={(headerText) => onChange({ headerText })}
          testId="jwt-header-json"
        />
        <JsonEditor
          label="Payload (JSON)"
          part="payload"
          text={state.payloadText}
          onChange={(payloadText) => onChange({ payloadText })}
          testId="jwt-payload-json"
        />
      </div>
      <FieldWords
        claims={{
          ...(headerJson.ok ? headerJson.value : {}),
          ...(payloadJson.ok ? payloadJson.value : {}),
        }}
        testId="jwt-field-words"
      />

      <div className="jwt-quick" role="group" aria-label="Quick attacks">
        <button
          type="button"
          data-testid="jwt-alg-none"
          disabled={!headerIsJson}
          onClick={() => setHeaderField('alg', 'none', { mode: 'strip' })}
        >
          Set alg: none
        </button>
        <button
          type="button"
          data-testid="jwt-make-admin"
          disabled={!payloadIsJson}
          onClick={() => setPayloadField('role', 'admin')}
        >
          Make me admin
        </button>
        <button
          type="button"
          data-testid="jwt-claim-hs256"
          disabled={!headerIsJson}
          onClick={() => setHeaderField('alg', 'HS256')}
        >
          Claim HS256
        </button>
      </div>
      <p className="jwt-hint">
        <strong>Claim HS256</strong> is algorithm confusion: a server that let the header pick the algorithm would check
        an <Gloss term="HMAC" /> made with its public key as the secret, a key everyone can download.
      </p>

      <fieldset className="jwt-mode">
        <legend>Signature</legend>
        <label>
          <input
            type="radio"
            name={modeName}
            value="keep"
            data-testid="jwt-signature-keep"
            checked={state.mode === 'keep'}
            onChange={() => onChange({ mode: 'keep' })}
          />
          {' keep the original'}
        </label>
        <label>
          <input
            type="radio"
            name={modeName}
            value="strip"
            data-testid="jwt-signature-strip"
            checked={state.mode === 'strip'}
            onChange={() => onChange({ mode: 'strip' })}
          />
          {' strip it'}
        </label>
        <label>
          <input
            type="radio"
            name={modeName}
            value="sign"
            data-testid="jwt-signature-sign"
            checked={state.mode === 'sign'}
            onChange={() => onChange({ mode: 'sign' })}
          />
          {' sign it with the key below'}
        </label>
        <p className="jwt-hint">
          {state.mode === 'keep'
            ? 'The original signature was computed over the original header and payload, so after an edit it no longer matches them.'
            : state.mode === 'strip'
              ? 'No signature at all, as an alg: none token carries; a server must refuse it rather than skip the check.'
              : 'A fresh signature over the edited header and payload, made with the secret or private key below: it matches them, so only the key decides.'}
        </p>
      </fieldset>
      {signingArea}

      <h3 className="jwt-subheading">Tampered token</h3>
      {tampered === null ? (
        <p className="jwt-hint">Nothing edited yet: the buttons below send the encoded token as it is.</p>
      ) : tampered === 'pending' ? (
        <p className="jwt-hint">Signing…</p>
      ) : tampered === 'no-key' ? (
        <p className="jwt-hint" data-testid="jwt-tampered-no-key">
          Not signed yet: give the key area above a key, and the signed token appears here.
        </p>
      ) : tampered.ok ? (
        <TokenSegments token={tampered.value} testId="jwt-tampered" />
      ) : (
        // The editor above already announces its own JSON error; this names which part blocks the token.
        <p className="jwt-error">{tampered.error}</p>
      )}
    </div>
  );
}
