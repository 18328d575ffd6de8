import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` (debounced) when any of the files is written, replaced or removed.
 * It watches each file's folder rather than the file: editors and `kubectl config` replace
 * the file by rename, which a watch on the old inode would never see.
 */
export function watchFiles(files: string[], onChange: () => void, debounceMs = 150): () => void {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const d = dirname(f);
    let set = byDir.get(d);
    if (!set) byDir.set(d, (set = new Set()));
    set.add(basename(f));
  }
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms omit the name; then any change in the folder counts.
        if (name === null || names.has(name.toString())) fire();
      });
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // A folder that does not exist yet cannot be watched; the load already reported it.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
