import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { INSPECTOR_EVENT_SCHEMAS } from '../../../shared/inspector-events.ts';
import { InspectorModel } from './inspector-model.ts';

/** Rows read again per round, and how often: bounded, so a burst of writes cannot flood the server. */
const REFRESH_BATCH = 20;
const REFRESH_EVERY_MS = 250;

/**
 * The inspector model for this page, fed by the server's event stream (EventSource: reconnects by
 * itself and resumes with Last-Event-ID) and the key pages; rows that changed are read again in
 * bounded batches for their value and size.
 */
export function useInspectorStream(labKey: string | null, ready: boolean): InspectorModel {
  const key = useRef(labKey);
  key.current = labKey;
  // One model for the page's life; it reads the lab key when it scans (the key arrives after the first render).
  const [model] = useState(
    () =>
      new InspectorModel({
        scan: (match, cursor) => api.inspector.keys(key.current, { match, cursor }),
        now: () => Date.now(),
      }),
  );

  useEffect(() => {
    if (!ready) return;
    if (!labKey) {
      model.setStream('no-lab-key');
      return;
    }
    const source = new EventSource(api.inspector.eventsUrl(labKey));
    let opened = false;
    source.onopen = () => {
      model.setStream('open');
      // The first time, and after the server came back: the keyspace is read from the start.
      if (!opened) void model.rescan();
      opened = true;
    };
    source.onerror = () => model.setStream(source.readyState === EventSource.CLOSED ? 'no-lab-key' : 'reconnecting');
    for (const type of Object.keys(INSPECTOR_EVENT_SCHEMAS)) {
      source.addEventListener(type, (event) => model.receive(type, (event as MessageEvent<string>).data));
    }
    let busy = false;
    const refresher = setInterval(() => {
      if (busy) return;
      const keys = model.takeDirty(REFRESH_BATCH);
      if (keys.length === 0) return;
      busy = true;
      void Promise.all(
        keys.map((key) =>
          api.inspector.key(labKey, key).then(
            (detail) =>
              model.refreshed(key, {
                type: detail.type,
                pttl: detail.pttl,
                size: detail.size,
                preview: Array.isArray(detail.value) ? detail.value.join(', ') : detail.value.slice(0, 200),
                ...(detail.slot === undefined ? {} : { slot: detail.slot }),
                ...(detail.node === undefined ? {} : { node: detail.node }),
              }),
            (error: { status?: number }) => {
              if (error.status === 404) model.refreshed(key, null);
            },
          ),
        ),
      ).finally(() => (busy = false));
    }, REFRESH_EVERY_MS);
    return () => {
      source.close();
      clearInterval(refresher);
    };
  }, [labKey, model, ready]);

  useEffect(() => () => model.dispose(), [model]);
  return model;
}
