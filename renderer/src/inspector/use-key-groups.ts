import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client.ts';
import { useInspectorHandle } from './inspector-context.ts';
import { KEPT_COMMANDS } from './inspector-model.ts';
import { GROUP_PAGE, KeyGroupsModel, type KeyTreeSnapshot } from './key-groups-model.ts';

/**
 * The key tree for `match`: the server's counts by group, followed live from the inspector's stream (the commands
 * it received since, in order; a gap, when more came at once than the inspector keeps, has the server count again).
 */
export function useKeyGroups(match: string): { tree: KeyTreeSnapshot; model: KeyGroupsModel } {
  const { model: inspector, labKey } = useInspectorHandle();
  const key = useRef(labKey);
  key.current = labKey;
  const [model] = useState(
    () =>
      new KeyGroupsModel({
        count: (pattern) => api.inspector.keyGroups(key.current, pattern),
        page: (pattern, cursor) => api.inspector.keys(key.current, { match: pattern, cursor, count: GROUP_PAGE }),
        now: () => Date.now(),
      }),
  );

  useEffect(() => {
    if (labKey) void model.setMatch(match);
  }, [labKey, match, model]);

  useEffect(() => {
    let last = inspector.getSnapshot().commands[0]?.seq ?? 0;
    const unsubscribe = inspector.subscribe(() => {
      const { commands } = inspector.getSnapshot();
      const newest = commands[0]?.seq ?? 0;
      if (newest <= last) return;
      const fresh = commands.filter((command) => command.seq > last);
      // The inspector keeps its last KEPT_COMMANDS: when all of them are new, some may have gone before this saw them.
      if (fresh.length >= KEPT_COMMANDS) model.missed();
      last = newest;
      // B's own memory (lab 9) is not the app's store: its keys are not in the tree.
      for (const command of fresh.reverse()) if (command.store !== 'b') model.receive(command);
    });
    return () => {
      unsubscribe();
      model.dispose();
    };
  }, [inspector, model]);

  return { tree: useSyncExternalStore(model.subscribe, model.getSnapshot), model };
}
