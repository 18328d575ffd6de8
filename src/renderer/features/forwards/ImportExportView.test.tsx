import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwardStatus, ParsedRequest } from '../../../shared/contract';
import { ALLOW_NON_LOOPBACK_CONTROL } from '../../../shared/domain/forward';
import { maskSpec } from '../../../shared/logic/forwards/headerMask';
import { importForwards, withReplacements } from '../../../shared/logic/import';
import { ClientProvider } from '../../client/ClientContext';
import { useContextsStore } from '../../stores/contextsStore';
import { applyForwards } from '../../stores/forwardsStore';
import { contextList } from '../../testing/contexts';
import { fakeEngine } from '../../testing/fakeEngine';
import { resetStores } from '../../testing/render';
import { ImportExportView } from './ImportExportView';

afterEach(() => {
  cleanup();
  resetStores();
});

// A teammate's LocalPort file: their context, a token variable in a probe header.
const LOCALPORT = `version: "1.0"
services:
  - name: api
    technology: kubectl
    local_port: 18080
    remote_port: 80
    connection: { resource_name: api, namespace: shop, context: kind-team }
    health_check:
      type: http
      config:
        url: "http://localhost:18080/health"
        headers:
          Authorization: "Bearer \${API_TOKEN}"
`;

// A foreign Tether JSON: a forward on 0.0.0.0, and one with the id of a stored forward.
const TETHER = JSON.stringify({
  tether: 1,
  forwards: [
    {
      id: 'fwd-wide',
      name: 'wide',
      context: 'dev',
      target: 'svc/wide',
      remotePort: 80,
      bindAddress: '0.0.0.0',
    },
    { id: 'fwd-db', name: 'db', context: 'dev', target: 'svc/db', remotePort: 5432 },
  ],
});

function status(spec: ForwardStatus['spec'], state: ForwardStatus['state'] = 'Stopped'): ForwardStatus {
  return {
    spec,
    state,
    reason: null,
    problem: null,
    since: 0,
    localPort: null,
    pod: null,
    restarts: 0,
    attempt: 0,
    nextRetryAt: null,
    lastProbeAt: null,
    traffic: { bytesIn: 0, bytesOut: 0, openConnections: 0, totalConnections: 0, heldConnections: 0 },
  };
}

/** An engine whose import is the real importer over a kubeconfig with context "dev". */
function renderView(stored: ForwardStatus[] = []) {
  useContextsStore.setState({ status: 'ready', list: contextList(['dev']), error: undefined });
  applyForwards(stored.map((s) => [s.spec.id, s]));
  const imports: ParsedRequest<'forwards:import'>[] = [];
  const e = fakeEngine({
    'forwards:import': (req) => {
      imports.push(req);
      const parsed = importForwards(req.text, { ...req, knownContexts: ['dev'], currentContext: 'dev' });
      if (!parsed) throw new Error('unrecognised');
      const result = withReplacements(parsed, new Set(stored.map((s) => s.spec.id)));
      return {
        result: { ...result, forwards: result.forwards.map(maskSpec) },
        saved: req.dryRun ? [] : result.forwards.map((f) => f.id),
        dryRun: req.dryRun,
      };
    },
    'forwards:list': () => ({ forwards: stored }),
  });
  render(
    <ClientProvider client={e.client}>
      <ImportExportView />
    </ClientProvider>,
  );
  return { imports };
}

const settle = () => act(async () => new Promise((r) => setTimeout(r, 50)));
const entries = () => within(screen.getByRole('list', { name: 'Entries' })).getAllByRole('listitem');

async function previewOf(text: string) {
  fireEvent.change(screen.getByLabelText('…or paste it'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
  await settle();
}

describe('ImportExportView', () => {
  it('previews a variable and an unknown context, maps and approves them, and applies only on Import', async () => {
    const { imports } = renderView();
    await previewOf(LOCALPORT);
    expect(entries()[0]?.textContent).toBe(
      'api — kind-team/shop: new; context "kind-team" is not in your kubeconfig: cannot start until mapped; probe headers use ${API_TOKEN}: not approved',
    );

    const map = screen.getByLabelText('Context “kind-team” from the file is not in your kubeconfig; use');
    expect([...(map as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Keep “kind-team” (cannot start until mapped)',
      'dev',
    ]);
    fireEvent.change(map, { target: { value: 'dev' } });
    await settle();
    const approve = screen.getByRole('checkbox', { name: /Approve \$\{API_TOKEN\}/ });
    fireEvent.click(approve);
    await settle();

    expect(entries()[0]?.textContent).toBe('api — dev/shop: new; probe headers use ${API_TOKEN}: approved');
    // The select stays to change the mapping back.
    expect((map as HTMLSelectElement).value).toBe('dev');
    expect(imports.every((r) => r.dryRun)).toBe(true);
    expect(imports.at(-1)).toMatchObject({
      contextMap: { 'kind-team': 'dev' },
      approveVariables: ['API_TOKEN'],
    });

    fireEvent.click(screen.getByRole('button', { name: 'Import 1' }));
    await settle();
    expect(imports.at(-1)).toMatchObject({
      dryRun: false,
      contextMap: { 'kind-team': 'dev' },
      approveVariables: ['API_TOKEN'],
    });
    expect(imports.filter((r) => !r.dryRun)).toHaveLength(1);
    expect(screen.getByRole('status', { name: 'Import result' }).textContent).toContain('Imported 1 forward');
  });

  it('asks for an explicit non-loopback confirmation and an explicit replace, naming the stored forward', async () => {
    const db = importForwards(JSON.stringify({ tether: 1, forwards: [JSON.parse(TETHER).forwards[1]] }), {})!
      .forwards[0]!;
    const { imports } = renderView([status(db)]);
    await previewOf(TETHER);
    expect(
      entries()
        .slice(0, 2)
        .map((li) => li.textContent),
    ).toEqual(['wide — dev/default: new; bind 0.0.0.0 → 127.0.0.1', 'db — dev/default: replaces "db"']);
    const allow = screen.getByRole('checkbox', { name: new RegExp(`^${ALLOW_NON_LOOPBACK_CONTROL}: wide`) });
    const replace = screen.getByRole('checkbox', { name: /Replace the existing “db”/ });
    expect((allow as HTMLInputElement).checked).toBe(false);
    expect((replace as HTMLInputElement).checked).toBe(false);
    // The warning names the control on screen, not one the form lacks.
    expect(screen.getByText(/wide: the file bound it to 0\.0\.0\.0/).textContent).toContain(
      `"${ALLOW_NON_LOOPBACK_CONTROL}" in the import view`,
    );

    fireEvent.click(allow);
    await settle();
    fireEvent.click(replace);
    await settle();
    expect(entries()[0]?.textContent).toBe('wide — dev/default: new');
    const allowed = screen.getByRole('checkbox', { name: new RegExp(`^${ALLOW_NON_LOOPBACK_CONTROL}`) });
    expect((allowed as HTMLInputElement).checked).toBe(true);
    expect(imports.every((r) => r.dryRun)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Import 2' }));
    await settle();
    expect(imports.at(-1)).toMatchObject({ dryRun: false, allowNonLoopback: true, replaceExisting: true });
  });

  it('says a running forward is not replaced and offers no replace for it', async () => {
    const db = importForwards(JSON.stringify({ tether: 1, forwards: [JSON.parse(TETHER).forwards[1]] }), {})!
      .forwards[0]!;
    renderView([status(db, 'Active')]);
    await previewOf(TETHER);
    expect(entries()[1]?.textContent).toBe(
      'db — dev/default: replaces "db", which is running: stop it first to replace it',
    );
    expect(screen.queryByRole('checkbox', { name: /Replace the existing/ })).toBeNull();
  });
});
