import { createContext, useContext, useSyncExternalStore } from 'react';
import type { InspectorModel, InspectorSnapshot } from './inspector-model.ts';

/** The page's inspector model and this launch's lab key. */
export interface InspectorHandle {
  model: InspectorModel;
  labKey: string | null;
}

/** Provided once, by the App. */
export const InspectorContext = createContext<InspectorHandle | null>(null);

/** The inspector handle (model and lab key). */
export function useInspectorHandle(): InspectorHandle {
  const handle = useContext(InspectorContext);
  if (!handle) throw new Error('useInspectorHandle outside InspectorContext');
  return handle;
}

/** The current inspector snapshot; re-renders when it changes (rendered to a string, as the tests do, the model's too). */
export function useInspector(): InspectorSnapshot {
  const { model } = useInspectorHandle();
  return useSyncExternalStore(model.subscribe, model.getSnapshot, model.getSnapshot);
}
