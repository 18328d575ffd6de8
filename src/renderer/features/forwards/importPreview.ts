import type { ImportEntry, ImportOutcome } from '../../../shared/domain/importResult';

/** What the user may decide about an import, gathered from its per-entry outcomes. */
export interface ImportChoices {
  /** Contexts (or Kube Forwarder cluster names) the file uses that are not in the kubeconfig. */
  contexts: string[];
  /** Variables the entries' probe headers use. */
  variables: string[];
  /** Entries whose non-loopback bind was brought back to 127.0.0.1. */
  downgraded: string[];
  /** Ids of stored forwards the import would replace. */
  replaces: string[];
}

const add = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]);

/**
 * The choices a preview asks for. `earlier` keeps what an earlier preview of the same file
 * asked: once the user maps a context or allows a bind the outcome goes away, its control stays.
 */
export function importChoices(entries: readonly ImportEntry[], earlier?: ImportChoices): ImportChoices {
  let { contexts, variables, downgraded } = earlier ?? { contexts: [], variables: [], downgraded: [] };
  let replaces: string[] = [];
  for (const e of entries) {
    for (const o of e.outcomes) {
      if (o.kind === 'context-not-in-kubeconfig') contexts = add(contexts, o.context);
      else if (o.kind === 'variables-to-approve') for (const n of o.names) variables = add(variables, n);
      else if (o.kind === 'bind-downgraded') downgraded = add(downgraded, e.entry);
      else if (o.kind === 'replaces') replaces = add(replaces, o.id);
    }
  }
  return { contexts, variables, downgraded, replaces };
}

/** A stored forward as the preview names it. */
export interface StoredForwardView {
  name: string;
  running: boolean;
  contextMissing: boolean;
}

/** One outcome in the user's words; `stored` names the forwards an entry would replace. */
export function outcomeWords(
  o: ImportOutcome,
  stored: (id: string) => StoredForwardView | undefined,
): string {
  switch (o.kind) {
    case 'new':
      return 'new';
    case 'replaces': {
      const s = stored(o.id);
      const name = s ? `"${s.name}"` : o.id;
      if (s?.running) return `replaces ${name}, which is running: stop it first to replace it`;
      if (s?.contextMissing) return `remaps ${name}`;
      return `replaces ${name}`;
    }
    case 'context-not-in-kubeconfig':
      return `context "${o.context}" is not in your kubeconfig: cannot start until mapped`;
    case 'bind-downgraded':
      return `bind ${o.from} → ${o.to}`;
    case 'variables-to-approve': {
      const open = o.names.filter((n) => !o.approved.includes(n));
      const used = o.names.map((n) => `\${${n}}`).join(', ');
      return open.length ? `probe headers use ${used}: not approved` : `probe headers use ${used}: approved`;
    }
  }
}
