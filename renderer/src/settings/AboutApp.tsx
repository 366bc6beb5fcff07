import { useId, useState } from 'react';
import { bridge, bridgeErrorMessage } from '../api/desktop-bridge.ts';
import { askAppInfo, useBridgeAnswer } from '../hooks/use-bridge-answer.ts';

/** The versions a bug report needs, where the data lives, and a button that opens that folder. */
export function AboutApp() {
  const id = useId();
  const { value: info, error } = useBridgeAnswer(askAppInfo);
  const [revealError, setRevealError] = useState<string | null>(null);
  const reveal = () => {
    setRevealError(null);
    bridge()
      ?.revealDataDir()
      .catch((caught: unknown) => setRevealError(bridgeErrorMessage(caught)));
  };
  return (
    <section className="about-app" aria-labelledby={`${id}-title`} data-testid="about-app">
      <header className="section-header">
        <h3 id={`${id}-title`}>About</h3>
        <button type="button" onClick={reveal} data-testid="settings-reveal-data-dir">
          Show data folder
        </button>
      </header>
      {info ? (
        <dl className="facts about-facts">
          <dt>Version</dt>
          <dd data-testid="about-version">
            {info.name} {info.version}
          </dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
          <dt>Electron</dt>
          <dd>{info.electron}</dd>
          <dt>Chrome</dt>
          <dd>{info.chrome}</dd>
          <dt>Node</dt>
          <dd className="about-wide">{info.node}</dd>
          <dt>Data folder</dt>
          <dd className="about-wide">
            <code className="data-dir" data-testid="about-data-dir">
              {info.dataDir}
            </code>
          </dd>
        </dl>
      ) : (
        <p className={error ? 'error-note' : 'muted'}>{error ?? 'Asking the app…'}</p>
      )}
      {revealError && (
        <p className="error-note" role="alert">
          {revealError}
        </p>
      )}
    </section>
  );
}
