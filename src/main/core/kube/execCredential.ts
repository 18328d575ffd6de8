import type { RawMap } from '../kubeconfig/model';
import { isMap } from '../kubeconfig/parse';
import { redactSecrets } from '../../../shared/logic/text/redact';

/** What an exec credential plugin gave us: a bearer token and/or a client certificate. */
export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Epoch ms after which the credential must be fetched again; undefined = until rejected. */
  expiresAt?: number;
}

const SUPPORTED_VERSIONS = new Set([
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
]);
/** A plugin that hangs (a browser login nobody completes) must not wedge the monitor. */
const PLUGIN_TIMEOUT_MS = 60_000;
/** Fetch again this long before the stated expiry, so a request never carries a dying token. */
const EXPIRY_SKEW_MS = 10_000;

/**
 * Runs a kubeconfig's `exec` credential plugin the way client-go does (ExecCredential v1 /
 * v1beta1, `env` on top of ours, KUBERNETES_EXEC_INFO, never interactive) and caches its answer
 * until `expirationTimestamp` or until the server rejects it. Concurrent callers share one run.
 * The command runs with an argument array and no shell.
 */
export class ExecCredentialSource {
  private readonly exec: RawMap;
  private readonly server: string;
  private readonly caData: string | undefined;
  private cached: ExecCredential | undefined;
  private running: Promise<ExecCredential> | undefined;
  /** Runs so far (tests and diagnostics read it). */
  runs = 0;

  constructor(exec: RawMap, cluster: { server: string; caData?: string }) {
    this.exec = exec;
    this.server = cluster.server;
    this.caData = cluster.caData;
  }

  async get(now = Date.now()): Promise<ExecCredential> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || c.expiresAt - EXPIRY_SKEW_MS > now)) return c;
    this.running ??= this.run().finally(() => (this.running = undefined));
    return await this.running;
  }

  /** The server answered 401: the next request runs the plugin again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<ExecCredential> {
    const command = typeof this.exec.command === 'string' ? this.exec.command : '';
    if (!command) throw new Error('getting credentials: the exec plugin names no command');
    const apiVersion = typeof this.exec.apiVersion === 'string' ? this.exec.apiVersion : '';
    if (!SUPPORTED_VERSIONS.has(apiVersion)) {
      throw new Error(
        `getting credentials: exec plugin apiVersion "${apiVersion || '(none)'}" is not supported; ` +
          'use client.authentication.k8s.io/v1 or v1beta1 (v1alpha1 was removed in Kubernetes 1.24)',
      );
    }
    if (this.exec.interactiveMode === 'Always') {
      throw new Error(
        `getting credentials: exec plugin ${command} needs an interactive terminal (interactiveMode: Always); ` +
          'run a kubectl command once in a terminal to log in, or change the kubeconfig',
      );
    }
    const args = Array.isArray(this.exec.args) ? this.exec.args.map(String) : [];
    const env: Record<string, string> = {};
    if (Array.isArray(this.exec.env)) {
      for (const e of this.exec.env) {
        if (isMap(e) && typeof e.name === 'string') env[e.name] = String(e.value ?? '');
      }
    }
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        ...(this.exec.provideClusterInfo === true
          ? {
              cluster: {
                server: this.server,
                ...(this.caData ? { 'certificate-authority-data': this.caData } : {}),
              },
            }
          : {}),
      },
    });
    this.runs++;
    const { execa } = await import('execa');
    const r = await execa(command, args, {
      env,
      extendEnv: true,
      stdin: 'ignore',
      timeout: PLUGIN_TIMEOUT_MS,
      reject: false,
      stripFinalNewline: true,
    });
    if (r.code === 'ENOENT' || (r.failed && /ENOENT/.test(String(r.message)))) {
      const hint = typeof this.exec.installHint === 'string' ? ` (${this.exec.installHint.trim()})` : '';
      throw new Error(`getting credentials: exec: executable ${command} not found${hint}`);
    }
    if (r.timedOut) {
      throw new Error(
        `getting credentials: exec plugin ${command} gave no answer in ${PLUGIN_TIMEOUT_MS / 1000} s`,
      );
    }
    if (r.exitCode !== 0) {
      // Plugins print tokens, device codes and request IDs on stderr: only a redacted line travels.
      const why = redactSecrets(String(r.stderr).trim().split('\n').pop() || `exit code ${r.exitCode}`);
      throw new Error(`getting credentials: exec plugin ${command} failed: ${why}`);
    }
    const credential = parseExecCredential(String(r.stdout), apiVersion, command);
    this.cached = credential;
    return credential;
  }
}

/** Parses a plugin's stdout (an ExecCredential object) into what we use. */
export function parseExecCredential(stdout: string, apiVersion: string, command: string): ExecCredential {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error(`getting credentials: exec plugin ${command} printed something that is not JSON`);
  }
  if (!isMap(doc) || doc.kind !== 'ExecCredential' || !isMap(doc.status)) {
    throw new Error(`getting credentials: exec plugin ${command} printed no ExecCredential status`);
  }
  if (doc.apiVersion !== apiVersion) {
    throw new Error(
      `getting credentials: exec plugin ${command} answered with apiVersion ${String(doc.apiVersion)}, expected ${apiVersion}`,
    );
  }
  const s = doc.status;
  const out: ExecCredential = {};
  if (typeof s.token === 'string' && s.token) out.token = s.token;
  if (typeof s.clientCertificateData === 'string' && typeof s.clientKeyData === 'string') {
    out.clientCertificateData = s.clientCertificateData;
    out.clientKeyData = s.clientKeyData;
  }
  if (!out.token && !out.clientCertificateData) {
    throw new Error(
      `getting credentials: exec plugin ${command} returned neither a token nor a client certificate`,
    );
  }
  if (typeof s.expirationTimestamp === 'string') {
    const t = Date.parse(s.expirationTimestamp);
    if (Number.isNaN(t)) {
      throw new Error(`getting credentials: exec plugin ${command} returned a bad expirationTimestamp`);
    }
    out.expiresAt = t;
  }
  return out;
}
