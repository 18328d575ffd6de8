import type { ContextList } from '../../../shared/domain/contexts';
import { loadKubeconfig, type LoadedKubeconfig } from '../kubeconfig/load';
import { watchFiles } from '../kubeconfig/watch';
import type { Logger } from '../app/log';
import { background } from '../app/background';

/**
 * Owns the user's kubeconfig: loads it, keeps it fresh when any file changes on disk, and
 * tells its listener when the list of contexts (as the UI sees it) actually changed.
 */
export class ContextsService {
  private loaded: LoadedKubeconfig | undefined;
  private stopWatching: (() => void) | undefined;
  private lastJson = '';
  private readonly files: string[];
  private readonly log: Logger;
  private readonly onChanged: (list: ContextList) => void;

  constructor(files: string[], log: Logger, onChanged: (list: ContextList) => void) {
    this.files = files;
    this.log = log;
    this.onChanged = onChanged;
  }

  async start(): Promise<void> {
    await this.reload();
    this.stopWatching = watchFiles(this.files, () =>
      background(this.reload(), this.log, 'kubeconfig reload'),
    );
  }

  stop(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  /** The contexts as the UI may see them (no credentials). */
  async list(): Promise<ContextList> {
    if (!this.loaded) await this.reload();
    return this.loaded!.list;
  }

  /** The full merged kubeconfig, for engine use only. */
  current(): LoadedKubeconfig | undefined {
    return this.loaded;
  }

  async reload(): Promise<void> {
    const loaded = await loadKubeconfig(this.files);
    this.loaded = loaded;
    const json = JSON.stringify(loaded.list);
    if (json === this.lastJson) return;
    const first = this.lastJson === '';
    this.lastJson = json;
    for (const p of loaded.list.problems)
      this.log.warn('kubeconfig problem', { file: p.file, problem: p.message });
    this.log.info('kubeconfig loaded', { files: this.files, contexts: loaded.list.contexts.length });
    if (!first) this.onChanged(loaded.list);
  }
}
