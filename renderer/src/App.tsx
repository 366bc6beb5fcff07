import { DemoAccountList } from './components/DemoAccountList.tsx';
import { StoreStatusBanner } from './components/StoreStatusBanner.tsx';
import { useHealth } from './hooks/use-health.ts';

/** The window's frame. The panels, inspector and labs arrive with the next issues. */
export function App() {
  const health = useHealth();
  return (
    <main className="app">
      <header className="app-header">
        <h1>Session Lab</h1>
        <p className="tagline">Watch a cookie session and a JWT side by side, and see every key they write.</p>
      </header>
      <StoreStatusBanner health={health} />
      <DemoAccountList />
      <section className="card" aria-label="What comes next">
        <h2>What comes next</h2>
        <p>
          This window will hold the cookie-session panel, the token panel and the live inspector. The server behind it already
          runs the cookie-session flow (login, MFA, my sessions, CSRF, throttling) on the store shown above.
        </p>
      </section>
    </main>
  );
}
