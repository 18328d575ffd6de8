// What Tether asks kubectl to do, and what it makes of kubectl's output. Pure, so the exact
// argument array and every output line we react to are unit-tested.

/** Everything needed to run one `kubectl port-forward` to one pod. */
export interface PortForwardArgs {
  /** One kubeconfig file to name with --kubeconfig; several are passed through KUBECONFIG instead. */
  kubeconfig?: string;
  context: string;
  namespace: string;
  pod: string;
  /** The pod's port number (named ports are resolved before kubectl runs). */
  remotePort: number;
}

/**
 * The argument array for `kubectl port-forward` to one pod on an ephemeral loopback port. Flags
 * use the `--flag=value` form so a value starting with "-" can never be read as a flag, and `--`
 * ends the flags before the positionals.
 */
export function portForwardArgs(a: PortForwardArgs): string[] {
  return [
    'port-forward',
    ...(a.kubeconfig ? [`--kubeconfig=${a.kubeconfig}`] : []),
    `--context=${a.context}`,
    `--namespace=${a.namespace}`,
    '--address=127.0.0.1',
    '--',
    `pod/${a.pod}`,
    `0:${a.remotePort}`,
  ];
}

/** The local port from kubectl's "Forwarding from 127.0.0.1:NNNNN -> PORT" line, if this is it. */
export function parseForwardingLine(line: string): number | undefined {
  const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(line);
  if (!m) return undefined;
  const port = Number(m[1]);
  return port > 0 && port < 65536 ? port : undefined;
}

/** What a line kubectl printed after the tunnel was up means for the forward. */
export type KubectlLineKind =
  /** The stream to the pod broke: the tunnel is gone (kubectl exits soon after). */
  | 'lost-connection'
  /** One connection could not be forwarded (often: nothing listens on the pod's port). */
  | 'forward-error'
  | 'other';

/** Classifies one output line of a running `kubectl port-forward`. */
export function classifyKubectlLine(line: string): KubectlLineKind {
  if (/lost connection to pod/i.test(line)) return 'lost-connection';
  if (/error forwarding port|an error occurred forwarding/i.test(line)) return 'forward-error';
  return 'other';
}

/** kubectl's own message from its stderr (the last meaningful line), shortened for a status line. */
export function kubectlErrorMessage(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Forwarding from') && !l.startsWith('Handling connection'));
  const last = lines.findLast((l) => /^error:|^E\d{4}|error/i.test(l)) ?? lines.at(-1) ?? '';
  const cleaned = last.replace(/^E\d{4} [\d:.]+\s+\d+\s+\S+\]\s*/, '').replace(/^error:\s*/i, '');
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}
