import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectorContext } from '../../renderer/src/inspector/inspector-context.ts';
import { InspectorModel } from '../../renderer/src/inspector/inspector-model.ts';
import { LoadPanel } from '../../renderer/src/labs/LoadPanel.tsx';
import type { LabContext } from '../../renderer/src/labs/lab-types.ts';
import type { LoadEvent } from '../../shared/api/lab-load.ts';
import { finalLoadEvent, loadFigures } from './load-events.ts';

/** A run's last event, with its clean-up as given. */
const lastEvent = (cleanup: LoadEvent['cleanup']): LoadEvent =>
  finalLoadEvent({ run: 3, at: 11_000, totals: { session: loadFigures(2, 100), token: loadFigures(2, 100) }, cleanup });

describe("the load lab's panel after a run", () => {
  let model: InspectorModel;
  beforeEach(() => {
    vi.useFakeTimers();
    model = new InspectorModel({ scan: async () => ({ cursor: '0', keys: [] }), now: () => 0 });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });

  /** The panel as the learner sees it once the run's last event arrived. */
  async function panelAfter(event: LoadEvent): Promise<string> {
    model.receive('load', JSON.stringify(event));
    await vi.advanceTimersByTimeAsync(40);
    const context = { labKey: 'k', begin: async () => {} } as unknown as LabContext;
    return renderToStaticMarkup(
      createElement(
        InspectorContext.Provider,
        { value: { model, labKey: 'k' } },
        createElement(LoadPanel, { context }),
      ),
    );
  }

  /** The clean-up paragraph: its attributes and its words (as text: the markup escapes an apostrophe). */
  const cleanupOf = (html: string) => {
    const found = /<p ([^>]*data-testid="load-cleanup"[^>]*)>([^<]*)<\/p>/.exec(html);
    return found && [found[0], found[1]!, found[2]!.replaceAll('&#x27;', "'")];
  };

  it('shows a failed clean-up as an alert: the account, why, that the sessions stay, and that yours are untouched', async () => {
    const html = await panelAfter(
      lastEvent({ loggedOut: false, problem: 'POST /api/v1/session/logout → 403 CSRF_FAILED' }),
    );
    const [, attributes, words] = cleanupOf(html)!;
    expect(attributes).toContain('role="alert"');
    expect(attributes).toContain('class="error-note"');
    expect(words).toBe(
      'Every virtual user was bob; the run could not log those logins out (POST /api/v1/session/logout → 403 CSRF_FAILED): ' +
        "they stay until they expire, and count towards bob's session limit. Your own logins are untouched.",
    );
  });

  it('says "no answer" when the clean-up got none, and is quiet (no alert) when it logged everything out', async () => {
    const silent = cleanupOf(await panelAfter(lastEvent({ loggedOut: false, problem: null })))!;
    expect(silent[1]).toContain('role="alert"');
    expect(silent[2]).toContain('could not log those logins out (no answer)');
    const clean = cleanupOf(await panelAfter(lastEvent({ loggedOut: true, problem: null })))!;
    expect(clean[1]).not.toContain('role="alert"');
    expect(clean[1]).toContain('class="muted"');
    expect(clean[2]).toContain('the run logged those logins out at its end, leaving no session behind');
  });
});
