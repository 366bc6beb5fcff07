import { useId, useState } from 'react';
import { parseJsonObject, setOrRemoveField, type PartResult } from './jwt-parts.ts';
import {
  SIGNING_ALGS,
  SIGNING_ALG_WORDS,
  generatePrivateJwk,
  isHmac,
  type SigningAlg,
  type SigningInput,
  type SigningKey,
} from './jwt-signing.ts';
import { KeyVerdict, PemNewlineWarning, PublishedJwks } from './SigningKeyHints.tsx';
import './jwt-signing.css';

/** A key a lab hands the learner (the cracked secret, the recovered public key's PEM): one button fills it in (and the header's alg). */
export interface KeyOffer {
  id: string;
  label: string;
  input: Partial<SigningInput>;
  /** Header fields the offer sets too (a kid), besides alg. */
  header?: Record<string, string>;
}

/**
 * The debugger's key, as jwt.io has it: an algorithm, a secret (text or base64) or a private key (JWK or PEM, or one
 * generated here), buttons that put its public half, a kid or a jku into the header, and whether the token's signature
 * checks out with it, in plain words.
 */
export function SigningKeyPanel({
  input,
  onInput,
  signingKey,
  headerText,
  onHeaderText,
  verdict,
  offers = [],
  publishJwks,
}: {
  input: SigningInput;
  onInput: (change: Partial<SigningInput>) => void;
  signingKey: PartResult<SigningKey> | undefined;
  headerText: string;
  onHeaderText: (text: string) => void;
  /** Whether the token as it stands checks out with this key (undefined: nothing to check yet). */
  verdict: boolean | undefined;
  offers?: KeyOffer[];
  /** Publishes public keys on the lab's evil origin and answers the URL (the jku attack); absent outside that lab. */
  publishJwks?: (keys: object[]) => Promise<string>;
}) {
  const id = useId();
  const [note, setNote] = useState<string | null>(null);
  const [published, setPublished] = useState<{ url: string; keys: object[] } | null>(null);
  const header = parseJsonObject(headerText);
  const headerField = (field: string) =>
    header.ok && typeof header.value[field] === 'string' ? header.value[field] : '';
  const setHeader = (field: string, value: unknown) => {
    const next = setOrRemoveField(headerText, field, value);
    if (next !== null) onHeaderText(next);
  };
  const publicJwk = signingKey?.ok ? signingKey.value.publicJwk : null;
  const hmac = isHmac(input.alg);
  const hasJwk = header.ok && header.value.jwk !== undefined;
  const untouched = hmac ? input.secret === '' : input.privateKey.trim() === '';

  const generate = async () => {
    if (hmac) return;
    setNote('Generating a key pair…');
    onInput({ privateKey: await generatePrivateJwk(input.alg as Exclude<SigningAlg, 'HS256' | 'HS384' | 'HS512'>) });
    setNote('A new key pair was made in this page; its private half is in the field above and never leaves the page.');
  };
  const publish = async () => {
    if (!publishJwks || !publicJwk) return;
    const kid = headerField('kid');
    setNote('Publishing…');
    try {
      const keys = [{ ...publicJwk, ...(kid ? { kid } : {}) }];
      const url = await publishJwks(keys);
      setHeader('jku', url);
      setPublished({ url, keys });
      setNote('The evil origin now serves your public key; the header’s jku points there.');
    } catch (error) {
      setNote(`Publishing failed: ${(error as Error).message}`);
    }
  };

  return (
    <section className="jwt-signing" aria-labelledby={`${id}-title`} data-testid="jwt-signing">
      <h3 className="jwt-subheading" id={`${id}-title`}>
        Key: sign the token, check its signature
      </h3>
      <p className="jwt-hint">
        Computed here in the page with WebCrypto, as jwt.io does; the key is never sent anywhere.
      </p>
      <label className="jwt-field">
        Algorithm{' '}
        <select
          data-testid="jwt-sign-alg"
          value={input.alg}
          onChange={(event) => {
            const alg = event.target.value as SigningAlg;
            onInput({ alg });
            setHeader('alg', alg);
          }}
        >
          {SIGNING_ALGS.map((alg) => (
            <option key={alg} value={alg}>
              {SIGNING_ALG_WORDS[alg]}
            </option>
          ))}
        </select>
      </label>
      {header.ok && header.value.alg !== input.alg && (
        <p className="jwt-hint" data-testid="jwt-sign-alg-mismatch">
          The header says alg {JSON.stringify(header.value.alg)}, but this key signs {input.alg}: a verifier reads the
          header to know how to check.{' '}
          <button type="button" data-testid="jwt-sign-set-alg" onClick={() => setHeader('alg', input.alg)}>
            Set the header’s alg to {input.alg}
          </button>
        </p>
      )}
      {hmac ? (
        <div className="jwt-field">
          <label htmlFor={`${id}-secret`}>Secret (the HMAC key)</label>
          <textarea
            id={`${id}-secret`}
            data-testid="jwt-sign-secret"
            rows={2}
            spellCheck={false}
            autoComplete="off"
            value={input.secret}
            onChange={(event) => onInput({ secret: event.target.value })}
          />
          <span role="radiogroup" aria-label="The secret is">
            {(['text', 'base64'] as const).map((encoding) => (
              <label key={encoding}>
                <input
                  type="radio"
                  name={`${id}-encoding`}
                  data-testid={`jwt-sign-encoding-${encoding}`}
                  checked={input.encoding === encoding}
                  onChange={() => onInput({ encoding })}
                />{' '}
                {encoding === 'text' ? 'text (its UTF-8 bytes)' : 'base64 (bytes, e.g. AA== is one zero byte)'}
              </label>
            ))}
          </span>
          <PemNewlineWarning input={input} onInput={onInput} />
        </div>
      ) : (
        <div className="jwt-field">
          <label htmlFor={`${id}-private`}>Private key (a JWK, or a PEM “PRIVATE KEY”)</label>
          <textarea
            id={`${id}-private`}
            data-testid="jwt-sign-private-key"
            rows={5}
            spellCheck={false}
            autoComplete="off"
            value={input.privateKey}
            onChange={(event) => onInput({ privateKey: event.target.value })}
          />
          <button type="button" data-testid="jwt-sign-generate" onClick={() => void generate()}>
            Generate a key pair here
          </button>
        </div>
      )}
      {offers.length > 0 && (
        <div className="jwt-quick">
          {offers.map((offer) => (
            <button
              key={offer.id}
              type="button"
              data-testid={`jwt-sign-offer-${offer.id}`}
              onClick={() => {
                onInput(offer.input);
                const fields = { ...(offer.input.alg ? { alg: offer.input.alg } : {}), ...offer.header };
                let next: string | null = headerText;
                for (const [field, value] of Object.entries(fields))
                  next = next === null ? null : setOrRemoveField(next, field, value);
                if (next !== null) onHeaderText(next);
              }}
            >
              {offer.label}
            </button>
          ))}
        </div>
      )}
      {signingKey && !signingKey.ok && (
        // Nothing typed yet is not a mistake: said quietly, with what to type.
        <p className={untouched ? 'jwt-hint' : 'jwt-error'} data-testid="jwt-sign-key-error">
          {signingKey.error}
        </p>
      )}

      {(!hmac || hasJwk) && (
        <div className="jwt-quick" role="group" aria-label="The public key in the header">
          <button
            type="button"
            data-testid="jwt-sign-embed-jwk"
            disabled={!header.ok || (!hasJwk && !publicJwk)}
            onClick={() => setHeader('jwk', hasJwk ? '' : publicJwk)}
          >
            {hasJwk ? 'Take the jwk out of the header' : 'Embed the public key in the header (jwk)'}
          </button>
          {publishJwks && !hmac && (
            <button
              type="button"
              data-testid="jwt-sign-publish-jku"
              disabled={!publicJwk || !header.ok}
              onClick={() => void publish()}
            >
              Publish the public key on the evil origin, point jku at it
            </button>
          )}
        </div>
      )}
      <div className="jwt-quick" role="group" aria-label="Header fields that name the key">
        {(['kid', 'jku'] as const).map((field) => (
          <label key={field} className="jwt-field-inline">
            {field === 'kid' ? 'kid (key id)' : 'jku (key set URL)'}{' '}
            <input
              data-testid={`jwt-header-${field}`}
              className={`jwt-header-${field}`}
              value={headerField(field)}
              disabled={!header.ok}
              spellCheck={false}
              onChange={(event) => setHeader(field, event.target.value)}
            />
          </label>
        ))}
      </div>
      {note && <p className="jwt-hint">{note}</p>}
      {published && <PublishedJwks url={published.url} keys={published.keys} />}
      <KeyVerdict verdict={verdict} headerAlg={header.ok ? header.value.alg : undefined} keyAlg={input.alg} />
    </section>
  );
}
