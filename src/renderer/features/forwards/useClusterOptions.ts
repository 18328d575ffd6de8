import { useEffect, useState } from 'react';
import { useClient } from '../../client/ClientContext';

/** Namespaces and pods a monitored cluster's pod list shows (suggestions when namespaces cannot be listed). */
export function useClusterOptions(context: string, monitored: boolean) {
  const client = useClient();
  const [opts, setOpts] = useState<{
    context: string;
    namespaces: string[];
    pods: { ns: string; name: string }[];
  }>();
  useEffect(() => {
    if (!monitored || !context) return;
    let live = true;
    client.invoke('clusters:pods', { context, offset: 0, limit: 10_000 }).then(
      ({ items }) => {
        if (!live) return;
        setOpts({
          context,
          namespaces: [...new Set(items.map((p) => p.namespace))].sort(),
          pods: items.map((p) => ({ ns: p.namespace, name: p.name })),
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, context, monitored]);
  return opts?.context === context ? opts : undefined;
}
