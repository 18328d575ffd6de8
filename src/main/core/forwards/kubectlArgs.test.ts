import { describe, expect, it } from 'vitest';
import {
  classifyKubectlLine,
  kubectlErrorMessage,
  parseForwardingLine,
  portForwardArgs,
} from './kubectlArgs';

describe('portForwardArgs', () => {
  it('names kubeconfig, context and namespace explicitly, loopback only, -- before the positionals', () => {
    expect(
      portForwardArgs({
        kubeconfig: '/k/config',
        context: 'prod',
        namespace: 'api',
        pod: 'api-7d9-x2',
        remotePort: 8080,
      }),
    ).toEqual([
      'port-forward',
      '--kubeconfig=/k/config',
      '--context=prod',
      '--namespace=api',
      '--address=127.0.0.1',
      '--',
      'pod/api-7d9-x2',
      '0:8080',
    ]);
  });

  it('leaves --kubeconfig out when several files come through KUBECONFIG; odd context names stay one argument', () => {
    const args = portForwardArgs({ context: '-x; rm -rf /', namespace: 'n', pod: 'p', remotePort: 1 });
    expect(args).not.toContain(expect.stringMatching(/^--kubeconfig/));
    expect(args).toContain('--context=-x; rm -rf /');
  });
});

describe('kubectl output', () => {
  it('finds the ephemeral port in the "Forwarding from" line only', () => {
    expect(parseForwardingLine('Forwarding from 127.0.0.1:43121 -> 7000')).toBe(43121);
    expect(parseForwardingLine('Forwarding from [::1]:43121 -> 7000')).toBeUndefined();
    expect(parseForwardingLine('Handling connection for 43121')).toBeUndefined();
  });

  it('classifies the lines that mean trouble', () => {
    expect(classifyKubectlLine('error: lost connection to pod')).toBe('lost-connection');
    expect(
      classifyKubectlLine(
        'E0101 12:00:00.000000   123 portforward.go:413] an error occurred forwarding 43121 -> 7000: error forwarding port 7000 to pod x',
      ),
    ).toBe('forward-error');
    expect(classifyKubectlLine('Handling connection for 43121')).toBe('other');
  });

  it("extracts kubectl's own error for the status line", () => {
    expect(kubectlErrorMessage('Forwarding from 127.0.0.1:1 -> 2\nerror: lost connection to pod\n')).toBe(
      'lost connection to pod',
    );
    expect(kubectlErrorMessage('Error from server (NotFound): pods "gone" not found\n')).toBe(
      'Error from server (NotFound): pods "gone" not found',
    );
    expect(kubectlErrorMessage('')).toBe('');
  });
});
