import { useEffect, useRef, useState } from 'react';
import { bridge } from './api/desktop-bridge.ts';
import { labKeyFromPage, loadLabKey } from './api/lab-key.ts';
import { ComparisonTable } from './comparison/ComparisonTable.tsx';
import { StoreStatusBanner } from './components/StoreStatusBanner.tsx';
import { SwitchesBanner } from './components/SwitchesBanner.tsx';
import { JwtDebugger } from './debugger/JwtDebugger.tsx';
import { useCookieSession } from './hooks/use-cookie-session.ts';
import { useDesktopSettings } from './hooks/use-desktop-settings.ts';
import { useHealth } from './hooks/use-health.ts';
import { useTheme } from './hooks/use-theme.ts';
import { useTokenSession } from './hooks/use-token-session.ts';
import { InspectorContext, useInspector } from './inspector/inspector-context.ts';
import { InspectorView } from './inspector/InspectorView.tsx';
import { MetricsStrip } from './inspector/MetricsStrip.tsx';
import { useInspectorStream } from './inspector/use-inspector-stream.ts';
import { LabBook } from './labs/lab-book.ts';
import { LabBookContext } from './labs/lab-book-context.ts';
import { LABS } from './labs/labs.ts';
import { LabsView } from './labs/LabsView.tsx';
import { Splitter } from './layout/Splitter.tsx';
import { PanelsStrip, panelsHiddenAtStart, rememberPanelsHidden } from './layout/PanelsStrip.tsx';
import { Tabs } from './layout/Tabs.tsx';
import { useRoomForKey } from './layout/use-room-for-key.ts';
import { useSelectedKey } from './inspector/selection.ts';
import { ThemeToggle } from './layout/ThemeToggle.tsx';
import { CookiesView } from './cookies/CookiesView.tsx';
import { CookieSessionPanel } from './panels/CookieSessionPanel.tsx';
import { TokenPanel } from './panels/TokenPanel.tsx';
import { captureSwitches, restoreSwitches } from './labs/lab-switches.ts';
import { SequenceView } from './sequence/SequenceView.tsx';
import { SettingsButton } from './settings/SettingsButton.tsx';
import { StartHere, StartHereButton } from './start-here/StartHere.tsx';
import type { StartHereCondition } from './start-here/start-here.ts';

/** The lab key is known once the bridge (Electron) or the URL fragment (browser) was read. */
function useLabKey(): { labKey: string | null; ready: boolean } {
  // In a browser the key is on the page already: the first render can use it. Only the bridge makes us wait.
  const [state, setState] = useState<{ labKey: string | null; ready: boolean }>(() =>
    bridge() ? { labKey: null, ready: false } : { labKey: labKeyFromPage(), ready: true },
  );
  useEffect(() => {
    if (!bridge()) return;
    loadLabKey().then(
      (labKey) => setState({ labKey, ready: true }),
      () => setState({ labKey: null, ready: true }),
    );
  }, []);
  return state;
}

/** The window: both halves side by side, the inspector (or the debugger, or the comparison) below. */
export function App() {
  const { labKey, ready } = useLabKey();
  const model = useInspectorStream(labKey, ready);
  const currentLabKey = useRef(labKey);
  currentLabKey.current = labKey;
  // The labs watch the inspector for the page's life, whichever tab is open.
  const [book] = useState(
    () =>
      new LabBook(model, LABS, Date.now, {
        // The lab key arrives after the first render (the desktop bridge answers asynchronously): read it when used.
        capture: (lab) => captureSwitches(lab.switches ?? [], currentLabKey.current),
        restore: (found) => restoreSwitches(found, currentLabKey.current),
      }),
  );
  useEffect(() => () => book.dispose(), [book]);
  if (!ready) return null;
  return (
    <InspectorContext.Provider value={{ model, labKey }}>
      <LabBookContext.Provider value={book}>
        <Workspace labKey={labKey} />
      </LabBookContext.Provider>
    </InspectorContext.Provider>
  );
}

function Workspace({ labKey }: { labKey: string | null }) {
  const { store } = useInspector();
  const health = useHealth(5_000, store?.at ?? null);
  const desktop = useDesktopSettings();
  const [theme, setTheme] = useTheme(desktop);
  const [split, setSplit] = useState(50);
  const [panelsHidden, setPanelsHidden] = useState(panelsHiddenAtStart);
  const hidePanels = (hidden: boolean) => {
    rememberPanelsHidden(hidden);
    setPanelsHidden(hidden);
  };
  const [tab, setTab] = useState('inspector');
  const [selectedKey] = useSelectedKey();
  const room = useRoomForKey(split, setSplit, tab === 'inspector' && !panelsHidden ? selectedKey : null);
  const cookie = useCookieSession();
  const token = useTokenSession();
  // The server was not answering when the page asked about the session: ask again once it answers.
  const { reload } = cookie;
  const cookieUnanswered = cookie.state.status === 'loading' && cookie.error?.code === 'SERVER_UNREACHABLE';
  useEffect(() => {
    if (health.state === 'ok' && cookieUnanswered) void reload();
  }, [health, cookieUnanswered, reload]);
  // What the first-run guide's steps ask for that the learner has done.
  const startHereDone = new Set<StartHereCondition>([
    ...(cookie.state.status === 'signed-in' ? (['cookie-signed-in'] as const) : []),
    ...(token.held ? (['token-held'] as const) : []),
  ]);
  useEffect(() => {
    if (health.state !== 'loading' && cookie.state.status !== 'loading') {
      document.documentElement.dataset.ready = 'true';
      performance.mark('sessionlab:first-render');
    }
  }, [health.state, cookie.state.status]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Session Lab</h1>
        <StoreStatusBanner health={health} lastStoreEvent={store} />
        <ThemeToggle choice={theme} onChange={setTheme} />
        <StartHereButton />
        {desktop && <SettingsButton desktop={desktop} />}
      </header>
      <SwitchesBanner labKey={labKey} />
      <StartHere done={startHereDone} />
      <main
        className="workspace"
        style={{
          gridTemplateRows: panelsHidden ? 'auto minmax(0, 1fr)' : `${room.shown}fr auto ${100 - room.shown}fr`,
        }}
      >
        {panelsHidden ? (
          <PanelsStrip cookie={cookie} token={token} onShow={() => hidePanels(false)} />
        ) : (
          <>
            <div className="panels">
              <CookieSessionPanel session={cookie} />
              <TokenPanel session={token} labKey={labKey} />
            </div>
            <div className="splitter-bar">
              <Splitter value={room.shown} onChange={room.onSplit} />
              {room.roomy && (
                <span className="muted room-note" data-testid="room-note">
                  Panels made smaller while a key is open
                </span>
              )}
              <button
                type="button"
                className="small panels-toggle"
                onClick={() => hidePanels(true)}
                aria-expanded="true"
                data-testid="panels-toggle"
              >
                Hide the two panels ▴
              </button>
            </div>
          </>
        )}
        <div className="lower">
          <Tabs
            label="Inspector, debugger, comparison and labs"
            selected={tab}
            onSelect={setTab}
            tabs={[
              { id: 'inspector', label: 'Inspector', render: () => <InspectorView /> },
              { id: 'sequence', label: 'Sequence diagram', render: () => <SequenceView /> },
              {
                id: 'cookies',
                label: 'Cookies',
                render: () => <CookiesView onShowInspector={() => setTab('inspector')} />,
              },
              {
                id: 'debugger',
                label: 'JWT debugger',
                render: () => <JwtDebugger currentToken={token.held?.access ?? null} />,
              },
              { id: 'comparison', label: 'Sessions vs JWT', render: () => <ComparisonTable /> },
              { id: 'labs', label: 'Labs', render: () => <LabsView cookie={cookie} token={token} labKey={labKey} /> },
            ]}
          />
          <MetricsStrip />
        </div>
      </main>
    </div>
  );
}
