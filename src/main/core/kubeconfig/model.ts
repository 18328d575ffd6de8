/**
 * A kubeconfig as the engine holds it after loading: the raw named entries (credentials
 * included — they never leave src/main/core) and where each came from.
 */
export interface NamedEntry<T> {
  name: string;
  value: T;
  /** The file that defined this entry (first definition wins, as kubectl). */
  file: string;
}

export type RawMap = Record<string, unknown>;

export interface KubeconfigDoc {
  file: string;
  clusters: NamedEntry<RawMap>[];
  users: NamedEntry<RawMap>[];
  contexts: NamedEntry<RawMap>[];
  currentContext: string | undefined;
}

export interface MergedKubeconfig {
  files: string[];
  clusters: Map<string, NamedEntry<RawMap>>;
  users: Map<string, NamedEntry<RawMap>>;
  contexts: Map<string, NamedEntry<RawMap>>;
  currentContext: string | undefined;
}
