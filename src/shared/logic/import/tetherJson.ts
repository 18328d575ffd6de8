import { formatTarget, isLoopbackAddress } from '../../domain/forward';
import type { ForwardSpec } from '../../domain/forward';
import { ImportCollector } from './collector';
import { entryLabels } from './names';
import { FILE_ENTRY } from './result';
import type { ImportResult } from '../../domain/importResult';
import type { ImportOptions } from './result';
import { isRecord, show } from './values';

// Tether's own export: `{ "tether": 1, "forwards": [ …ForwardSpec ] }`, versioned so a later
// Tether can still read it. Targets are written in their text form ("service/api") for people
// who edit the file; the importer accepts text or object targets and fills defaults.

/** The export format version this Tether writes and reads. */
export const TETHER_EXPORT_VERSION = 1;

/**
 * Serialises forwards as Tether's export file (pretty JSON, trailing newline). Pure and stable:
 * the same specs always give the same text.
 */
export function exportForwards(specs: readonly ForwardSpec[]): string {
  const forwards = specs.map((spec) => {
    // Fixed key order, optional keys only when set.
    const out: Record<string, unknown> = {
      id: spec.id,
      name: spec.name,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      context: spec.context,
      namespace: spec.namespace,
      target: formatTarget(spec.target),
      remotePort: spec.remotePort,
      localPort: spec.localPort,
      bindAddress: spec.bindAddress,
      allowNonLoopback: spec.allowNonLoopback,
      probe: spec.probe,
      restart: spec.restart,
      idleStop: spec.idleStop,
      tags: spec.tags,
      startAtLaunch: spec.startAtLaunch,
      enabled: spec.enabled,
      ...(spec.kubeconfigHint !== undefined ? { kubeconfigHint: spec.kubeconfigHint } : {}),
    };
    return out;
  });
  return `${JSON.stringify({ tether: TETHER_EXPORT_VERSION, forwards }, null, 2)}\n`;
}

/**
 * Imports a Tether export; ids in the file are kept (or generated when absent). A non-loopback
 * bind is brought back to 127.0.0.1 unless `options.allowNonLoopback`.
 */
export function importTetherJson(text: string, options: ImportOptions): ImportResult {
  const out = new ImportCollector('tether', options);
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.error(FILE_ENTRY, `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    return out.finish();
  }
  if (!isRecord(root) || !('tether' in root)) {
    out.error(FILE_ENTRY, 'A Tether export is an object with "tether" (the version) and "forwards"');
    return out.finish();
  }
  if (root['tether'] !== TETHER_EXPORT_VERSION) {
    out.error(
      FILE_ENTRY,
      `Tether export version ${show(root['tether'])} is not supported (this Tether reads version ${TETHER_EXPORT_VERSION})`,
    );
    return out.finish();
  }
  const forwards = root['forwards'];
  if (!Array.isArray(forwards)) {
    out.error(FILE_ENTRY, `"forwards" must be a list, got ${show(forwards)}`);
    return out.finish();
  }
  const labels = entryLabels(
    forwards.map((f: unknown, i) =>
      isRecord(f) && typeof f['name'] === 'string' && f['name'].trim() !== ''
        ? f['name'].trim()
        : `forwards[${i}]`,
    ),
  );
  forwards.forEach((forward: unknown, i) => {
    const entry = labels[i] ?? `forwards[${i}]`;
    if (!isRecord(forward)) {
      out.error(entry, `A forward must be an object, got ${show(forward)}`);
      return;
    }
    // The whole object goes to validation, which reports each bad field by name. A file cannot
    // open a forward to the network by itself: that takes the user's confirmation.
    let draft: Record<string, unknown> = forward;
    const address = forward['bindAddress'];
    if (typeof address === 'string' && !isLoopbackAddress(address)) {
      if (out.allowNonLoopback) {
        // The user's confirmation is the opt-in, whatever the file says.
        draft = { ...forward, allowNonLoopback: true };
      } else {
        out.downgradeBind(entry, address, 'the file');
        const { bindAddress: _b, allowNonLoopback: _a, ...rest } = forward;
        draft = rest;
      }
    }
    const context = forward['context'];
    if (typeof context === 'string' && context.trim() !== '') {
      out.add({
        entry,
        draft: { ...draft, context: out.mapContext(context) } as ImportDraft,
        sourceContext: context,
      });
      return;
    }
    out.add({ entry, draft: draft as ImportDraft });
  });
  return out.finish();
}

type ImportDraft = Parameters<ImportCollector['add']>[0]['draft'];
