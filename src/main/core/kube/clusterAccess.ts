import { readFile } from 'node:fs/promises';
import type { RequestOptions } from 'node:https';
import { createSecureContext, type ConnectionOptions, type SecureContext } from 'node:tls';
import type { RawMap } from '../kubeconfig/model';
import { isMap } from '../kubeconfig/parse';
import type { MergedKubeconfig } from '../kubeconfig/model';
import { ExecCredentialSource } from './execCredential';
import { clientNodeAccess } from './clientNodeAccess';
import { proxyFor, type ProxyTarget } from './proxy/proxyFor';

/** Request options plus a shared TLS context (tls.connect honours it through https.Agent). */
export type AccessOptions = RequestOptions & Pick<ConnectionOptions, 'secureContext'>;

/** Thrown when a context cannot be used; the message says what to fix. */
export class UnknownContextError extends Error {}

/**
 * How to reach one context's API server: its URL, and a function that puts TLS material and
 * credentials on a request. `invalidate()` is called when the server answers 401, so a
 * rotated token file or an expired exec credential is fetched again at the next request.
 */
export interface ClusterAccess {
  readonly server: string;
  apply(opts: AccessOptions): Promise<void>;
  invalidate(): void;
  /** Requests may share one HTTP/2 connection (no agent of its own in the way). */
  readonly http2?: boolean;
  /** The proxy every request to this server goes through (proxy-url, else the environment). */
  readonly proxy?: ProxyTarget | undefined;
}

/** client-go reads a token file again at most this often. */
const TOKEN_FILE_TTL_MS = 60_000;

/**
 * The access for `context` from the merged kubeconfig (paths already absolute). Certificates,
 * tokens, token files, basic auth, impersonation and exec plugins are handled here directly.
 * Legacy `auth-provider` users go through @kubernetes/client-node, loaded only when such a
 * context is used: it costs ~85 MB of memory, which a menu-bar app watching ordinary clusters
 * should not pay. The proxy is decided as kubectl decides it: the cluster's `proxy-url`, else
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY in `env` (proxy/proxyFor.ts).
 */
export function accessFor(
  merged: MergedKubeconfig,
  context: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClusterAccess {
  const ctx = merged.contexts.get(context);
  if (!ctx) {
    const known = [...merged.contexts.keys()];
    throw new UnknownContextError(
      `Unknown context "${context}". Known contexts: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
  const clusterName = typeof ctx.value.cluster === 'string' ? ctx.value.cluster : '';
  const userName = typeof ctx.value.user === 'string' ? ctx.value.user : '';
  const cluster = merged.clusters.get(clusterName)?.value;
  if (!cluster)
    throw new UnknownContextError(
      `Context "${context}" names cluster "${clusterName}", which is not defined.`,
    );
  const user = merged.users.get(userName)?.value ?? {};
  const server = str(cluster.server)?.replace(/\/+$/, '');
  if (!server) throw new Error(`Cluster "${clusterName}" has no server URL.`);
  if (!/^https?:\/\//.test(server)) {
    throw new Error(`Cluster "${clusterName}" has server "${server}", which is not an http(s) URL.`);
  }
  const { proxy } = proxyFor(server, { proxyUrl: str(cluster['proxy-url']), env });
  if (isMap(user['auth-provider'])) {
    return clientNodeAccess({ context, clusterName, userName, cluster, user, server, proxy });
  }
  return new DirectAccess(clusterName, cluster, user, server, proxy);
}

class DirectAccess implements ClusterAccess {
  readonly server: string;
  readonly http2 = true;
  readonly proxy: ProxyTarget | undefined;
  private readonly cluster: RawMap;
  private readonly user: RawMap;
  private readonly exec: ExecCredentialSource | undefined;
  private tokenFile: { token: string; readAt: number } | undefined;
  private tls: { material: string; context: SecureContext } | undefined;

  constructor(clusterName: string, cluster: RawMap, user: RawMap, server: string, proxy?: ProxyTarget) {
    this.server = server;
    this.proxy = proxy;
    this.cluster = cluster;
    this.user = user;
    const insecure = cluster['insecure-skip-tls-verify'] === true;
    if (insecure && (str(cluster['certificate-authority']) || str(cluster['certificate-authority-data']))) {
      // kubectl refuses this combination too; saying so beats silently ignoring one of them.
      throw new Error(
        `Cluster "${clusterName}" sets both a certificate authority and insecure-skip-tls-verify; remove one.`,
      );
    }
    this.exec = isMap(user.exec)
      ? new ExecCredentialSource(user.exec, {
          server,
          ...(str(cluster['certificate-authority-data'])
            ? { caData: str(cluster['certificate-authority-data']) }
            : {}),
        })
      : undefined;
  }

  async apply(opts: AccessOptions): Promise<void> {
    const c = this.cluster;
    const u = this.user;
    const headers = (opts.headers ??= {}) as Record<string, string | string[]>;
    if (c['insecure-skip-tls-verify'] === true) opts.rejectUnauthorized = false;
    const ca = await fileOrData(c['certificate-authority'], c['certificate-authority-data']);
    const servername = str(c['tls-server-name']);
    if (servername) opts.servername = servername;
    let cert: Buffer | string | undefined = await fileOrData(
      u['client-certificate'],
      u['client-certificate-data'],
    );
    let key: Buffer | string | undefined = await fileOrData(u['client-key'], u['client-key-data']);
    if (!cert || !key) cert = key = undefined;
    if (this.exec) {
      const cred = await this.exec.get();
      if (cred.clientCertificateData && cred.clientKeyData) {
        cert = cred.clientCertificateData;
        key = cred.clientKeyData;
      }
      if (cred.token) headers.Authorization = `Bearer ${cred.token}`;
    } else {
      const bearer = await this.bearer();
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
      else if (str(u.username)) {
        const basic = Buffer.from(`${str(u.username)}:${typeof u.password === 'string' ? u.password : ''}`);
        headers.Authorization = `Basic ${basic.toString('base64')}`;
      }
    }
    const as = str(u.as);
    if (as) headers['Impersonate-User'] = as;
    const asUid = str(u['as-uid']);
    if (asUid) headers['Impersonate-Uid'] = asUid;
    if (Array.isArray(u['as-groups']) && u['as-groups'].length) {
      headers['Impersonate-Group'] = u['as-groups'].map(String);
    }
    if (this.server.startsWith('https:')) opts.secureContext = this.tlsContext(ca, cert, key);
  }

  /**
   * One TLS context per identity instead of one per connection (~55 kB of native memory each;
   * a cluster keeps about six connections). The material is read again for every request, so
   * a rotated certificate file or exec credential makes a new context, and ApiClient then
   * starts a new connection pool so no socket goes on with the old identity.
   */
  private tlsContext(
    ca: Buffer | undefined,
    cert: Buffer | string | undefined,
    key: Buffer | string | undefined,
  ): SecureContext {
    const material = [ca, cert, key]
      .map((v) => (v === undefined ? '' : Buffer.isBuffer(v) ? v.toString('base64') : v))
      .join('|');
    if (this.tls?.material !== material) {
      this.tls = {
        material,
        context: createSecureContext({ ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) }),
      };
    }
    return this.tls.context;
  }

  invalidate(): void {
    this.exec?.invalidate();
    this.tokenFile = undefined;
  }

  /** A token file, re-read at most once a minute, wins over an inline token (client-go's rule). */
  private async bearer(): Promise<string | undefined> {
    const file = str(this.user.tokenFile);
    if (file) {
      const now = Date.now();
      if (!this.tokenFile || now - this.tokenFile.readAt > TOKEN_FILE_TTL_MS) {
        try {
          this.tokenFile = { token: (await readFile(file, 'utf8')).trim(), readAt: now };
        } catch (err) {
          // Keep using the last good token if the file is mid-rotation; fail if there is none.
          if (!this.tokenFile) {
            throw new Error(`Cannot read the token file ${file}: ${(err as Error).message}`, { cause: err });
          }
        }
      }
      if (this.tokenFile.token) return this.tokenFile.token;
    }
    return str(this.user.token);
  }
}

async function fileOrData(file: unknown, data: unknown): Promise<Buffer | undefined> {
  const path = str(file);
  if (path) {
    try {
      return await readFile(path);
    } catch (err) {
      throw new Error(`Cannot read ${path}: ${(err as Error).message}`, { cause: err });
    }
  }
  const b64 = str(data);
  return b64 ? Buffer.from(b64, 'base64') : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
