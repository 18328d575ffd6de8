import { createEngine } from '../../src/main/core/engine';
import { memoryLogger } from '../support/memoryLogger';
import { tempKubeconfig } from '../support/tempKubeconfig';

/** A real engine over a temp kubeconfig with contexts alpha (current) and beta. */
export async function startTestEngine(mode: 'electron' | 'headless') {
  const kube = tempKubeconfig([{ name: 'alpha' }, { name: 'beta' }], 'alpha');
  const log = memoryLogger();
  const engine = createEngine({ home: kube.home, mode, log, env: { KUBECONFIG: kube.file } });
  await engine.start();
  return { kube, log, engine };
}
