/** The fewest unmonitored contexts worth folding: one row for one context saves nothing. */
const MIN_FOLDED = 2;

/** Which context rows the Clusters section shows, and which it folds into "N more contexts". */
export interface ContextRows {
  shown: string[];
  folded: string[];
}

/**
 * Monitored contexts are always rows; the others fold into one expandable row once something
 * is monitored and at least two would fold. With nothing monitored every context is shown, so
 * a new user sees what there is to switch on. Both lists keep the kubeconfig's order.
 */
export function contextRows(names: readonly string[], monitored: readonly string[]): ContextRows {
  const on = new Set(monitored);
  const folded = names.filter((n) => !on.has(n));
  if (folded.length === names.length || folded.length < MIN_FOLDED) return { shown: [...names], folded: [] };
  return { shown: names.filter((n) => on.has(n)), folded };
}
