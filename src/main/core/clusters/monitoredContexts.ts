import type { SettingsStorage } from '../settings/settingsStore';
import type { EngineSettings } from '../settings/engineSettings';

/**
 * Which contexts the user monitors. Until they choose, the kubeconfig's current context is
 * monitored (what a new user expects to see); their choice is persisted.
 */
export class MonitoredContexts {
  private readonly storage: SettingsStorage<EngineSettings>;
  private readonly current: () => string | undefined;
  private readonly known_: () => string[];

  constructor(
    storage: SettingsStorage<EngineSettings>,
    current: () => string | undefined,
    known: () => string[],
  ) {
    this.storage = storage;
    this.current = current;
    this.known_ = known;
  }

  list(): string[] {
    const chosen = this.storage.read().monitoredContexts;
    if (chosen) return chosen;
    const cur = this.current();
    return cur && this.known(cur) ? [cur] : [];
  }

  known(context: string): boolean {
    return this.known_().includes(context);
  }

  set(context: string, on: boolean): void {
    const now = new Set(this.list());
    if (on) now.add(context);
    else now.delete(context);
    this.storage.write({ ...this.storage.read(), monitoredContexts: [...now] });
  }
}
