import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ProxyTarget } from './proxyFor';
import { TunnelSocket, type ProxyTlsOptions } from './tunnel';

/**
 * A keep-alive HTTP/1.1 agent whose connections go through `proxy`: for an https:// server,
 * TLS to the server inside the tunnel (the request's own TLS options: CA, client certificate,
 * server name); for http://, the request inside the tunnel as is.
 */
export function proxyAgent(
  isHttps: boolean,
  proxy: ProxyTarget,
  options: AgentOptions,
  proxyTls: ProxyTlsOptions = {},
): HttpAgent {
  const tunnel = (o: ClientRequestArgs) =>
    new TunnelSocket(proxy, String(o.host ?? o.hostname ?? 'localhost'), Number(o.port), proxyTls);
  if (isHttps) {
    return new (class extends HttpsAgent {
      override createConnection(o: ClientRequestArgs): Duplex {
        return tlsConnect({ ...(o as ConnectionOptions), socket: tunnel(o) });
      }
    })(options);
  }
  return new (class extends HttpAgent {
    override createConnection(o: ClientRequestArgs): Duplex {
      return tunnel(o);
    }
  })(options);
}
