import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import {
  ImportFormatSchema,
  importForwards,
  exportForwards,
  parseContextMap,
  type ImportOutcome,
  type ImportResult,
} from '../../../shared/logic/import';
import { formatTarget } from '../../../shared/domain/forward';
import { maskSpec } from '../../../shared/logic/forwards/headerMask';
import { resolveTetherHome, tetherPaths } from '../../core/app/home';
import { createLogger } from '../../core/app/log';
import { forwardsFileStorage } from '../../core/forwards/forwardStore';
import { loadKubeconfig } from '../../core/kubeconfig/load';
import { kubeconfigPaths } from '../../core/kubeconfig/paths';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../args';
import { connectToRunningEngine } from '../engineClient';
import { NO_ENGINE } from './forward';

/** One outcome of an entry in words (the preview in the CLI). */
export function outcomeText(o: ImportOutcome): string {
  switch (o.kind) {
    case 'new':
      return 'new';
    case 'replaces':
      return `replaces ${o.id}`;
    case 'context-not-in-kubeconfig':
      return `context "${o.context}" is not in your kubeconfig: imported, cannot start until mapped (--context-map "${o.context}=<your context>")`;
    case 'bind-downgraded':
      return `bind ${o.from} → ${o.to} (--allow-non-loopback keeps it)`;
    case 'variables-to-approve': {
      const open = o.names.filter((n) => !o.approved.includes(n));
      return open.length
        ? `probe headers use ${o.names.join(', ')}; approve with --approve-env ${open.join(' --approve-env ')}`
        : `probe headers use ${o.names.join(', ')} (approved)`;
    }
  }
}

function report(result: ImportResult, dryRun: boolean, saved: number, io: CliIo) {
  io.out(`Format: ${result.format}`);
  io.out(dryRun ? `Would import ${result.forwards.length} forward(s):` : `Imported ${saved} forward(s):`);
  for (const f of result.forwards) {
    io.out(
      `  ${f.name}  ${f.context}/${f.namespace} ${formatTarget(f.target)}:${String(f.remotePort)} → ${f.bindAddress}:${String(f.localPort)}`,
    );
  }
  for (const e of result.entries) io.out(`  ${e.entry}: ${e.outcomes.map(outcomeText).join('; ')}`);
  if (result.unsupported.length) {
    io.out(`Not supported (${result.unsupported.length}):`);
    for (const u of result.unsupported) io.out(`  ${u.entry}: ${u.reason}`);
  }
  for (const w of result.warnings) io.err(`warning: ${w}`);
  for (const e of result.errors) io.err(`error: ${e.entry}: ${e.message}`);
}

/** `tether import FILE`: LocalPort YAML, kftray JSON, Kube Forwarder or Tether JSON into the running engine. */
export const importCommand: CliCommand = {
  name: 'import',
  summary:
    'Import port-forwards from a LocalPort, kftray, Kube Forwarder or Tether file into the running engine. ' +
    'Valid entries import even when others are invalid; every invalid or unsupported entry is listed. ' +
    '--dry-run changes nothing and works without a running engine. Exit 1 when any entry had an error. ' +
    'An import never reads the environment: --approve-env NAME lets a probe header use ${NAME}, read at probe time. ' +
    'Non-loopback binds become 127.0.0.1 unless --allow-non-loopback; forwards with the same id are kept unless --replace (running ones always are). ' +
    'An entry whose context is not in your kubeconfig is imported but cannot start until mapped: --context-map THEIRS=MINE ' +
    "(repeatable; THEIRS is the file's context or Kube Forwarder cluster name); importing the file again with the mapping remaps forwards already imported.",
  usage:
    'tether import FILE [--format localport|kftray|kube-forwarder|tether] [--dry-run] [--context-map THEIRS=MINE]... [--allow-non-loopback] [--replace] [--approve-env NAME]... [--json]',
  options: {
    format: { type: 'string', short: 'f' },
    'dry-run': { type: 'boolean', short: 'n' },
    'allow-non-loopback': { type: 'boolean' },
    replace: { type: 'boolean' },
    'approve-env': { type: 'string', multiple: true },
    'context-map': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
    const format = values.format === undefined ? undefined : ImportFormatSchema.safeParse(values.format);
    if (format && !format.success)
      throw new UsageError(`--format must be localport, kftray, kube-forwarder or tether`);
    const dryRun = values['dry-run'] === true;
    const pairs = values['context-map'];
    const contextMap = parseContextMap(Array.isArray(pairs) ? pairs.map(String) : []);
    if (!contextMap.ok) throw new UsageError(`--context-map: ${contextMap.message}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      io.err(`tether import: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      return EXIT.unavailable;
    }
    const approve = values['approve-env'];
    const req = {
      text,
      filename: basename(file),
      dryRun,
      ...(values['allow-non-loopback'] === true ? { allowNonLoopback: true } : {}),
      ...(values.replace === true ? { replaceExisting: true } : {}),
      ...(Array.isArray(approve) ? { approveVariables: approve.map(String) } : {}),
      ...(Object.keys(contextMap.map).length ? { contextMap: contextMap.map } : {}),
      ...(format?.success ? { format: format.data } : {}),
    };
    const engine = await connectToRunningEngine(io.env);
    let result: ImportResult;
    let saved = 0;
    if (engine) {
      try {
        const r = await engine.client.invoke('forwards:import', req);
        result = r.result;
        saved = r.saved.length;
      } finally {
        engine.close();
      }
    } else if (dryRun) {
      // Offline: judged against this user's kubeconfig, as the engine would.
      const kc = await loadKubeconfig(kubeconfigPaths(io.env, io.env.HOME ?? homedir()));
      const parsed = importForwards(text, {
        ...(req.allowNonLoopback ? { allowNonLoopback: true } : {}),
        ...(req.approveVariables ? { approveVariables: req.approveVariables } : {}),
        ...(req.contextMap ? { contextMap: req.contextMap } : {}),
        knownContexts: kc.list.contexts.map((c) => c.name),
        ...(kc.list.currentContext ? { currentContext: kc.list.currentContext } : {}),
        filename: req.filename,
        ...(req.format ? { format: req.format } : {}),
      });
      if (!parsed) {
        io.err('tether import: the file format was not recognised; give it with --format');
        return EXIT.usage;
      }
      result = parsed;
    } else {
      io.err(`${NO_ENGINE} (Use --dry-run to check a file without one.)`);
      return EXIT.unavailable;
    }
    if (values.json) io.exact(JSON.stringify({ dryRun, saved, result }, null, 2));
    else report(result, dryRun, saved, io);
    return result.errors.length ? EXIT.failed : EXIT.ok;
  },
};

/** `tether export`: every forward as Tether JSON on stdout (from the engine, or the stored file offline). */
export const exportCommand: CliCommand = {
  name: 'export',
  summary:
    'Print every port-forward as Tether JSON (works without a running engine, from the stored forwards).',
  usage: 'tether export [ID...]',
  options: {},
  async run({ positionals }, io) {
    const engine = await connectToRunningEngine(io.env);
    if (engine) {
      try {
        const r = await engine.client.invoke(
          'forwards:export',
          positionals.length ? { ids: positionals } : {},
        );
        io.exact(r.text.replace(/\n$/, ''));
        return EXIT.ok;
      } finally {
        engine.close();
      }
    }
    const home = resolveTetherHome(io.env);
    const stored = forwardsFileStorage(tetherPaths(home).forwards, createLogger({})).read().forwards;
    const missing = positionals.filter((id) => !stored.some((s) => s.id === id));
    if (missing.length) {
      io.err(`tether export: no forward with id ${missing.join(', ')}`);
      return EXIT.failed;
    }
    const specs = positionals.length ? stored.filter((s) => positionals.includes(s.id)) : stored;
    // As from the engine: probe header values masked.
    io.exact(exportForwards(specs.map(maskSpec)).replace(/\n$/, ''));
    return EXIT.ok;
  },
};
