import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { api } from './api/client.ts';

// The first /health answer says what the server calls its session cookie (the checks look for it); a server that
// does not answer yet leaves the default name, and the page renders regardless and says so itself.
await api.health().catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
