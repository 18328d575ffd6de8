import type { ProvisioningCondition, ProvisioningPhase } from '../../domain/provisioning';

/**
 * Turning condition messages into the one-line summary the menu bar shows. Controllers write
 * multi-line bullet lists (CAPI summaries) and YAML block scalars; a summary is one line.
 */

/** What each phase means when no condition message says it better. */
export const PHASE_TEXT: Readonly<Record<ProvisioningPhase, string>> = {
  Unknown: 'No status reported',
  Initializing: 'Validating the template and credentials',
  Provisioning: 'Provisioning infrastructure',
  Bootstrapping: 'Bootstrapping the control plane',
  Scaling: 'Waiting for worker nodes',
  Installing: 'Installing services',
  Ready: 'Cluster is ready',
  Failed: 'Provisioning failed',
  Deleting: 'Deletion requested',
};

/**
 * Conditions whose True means "busy" or "bad" (CAPI v1beta2 and kcm use both polarities).
 * For these a False status is the healthy one and says nothing worth showing.
 */
const NEGATIVE_POLARITY = new Set([
  'Deleting',
  'Paused',
  'ScalingUp',
  'ScalingDown',
  'RollingOut',
  'Remediating',
]);

/** Whether the condition describes something not (yet) fine. */
export function isProblem(condition: ProvisioningCondition): boolean {
  return NEGATIVE_POLARITY.has(condition.type) ? condition.status === 'True' : condition.status !== 'True';
}

/**
 * One line from a possibly multi-line message: bullet markers dropped, lines trimmed, a line
 * ending in ":" or "." runs into the next ("WorkersAvailable: MachineDeployment x: 0 available…"),
 * others are separated by "; ".
 */
export function flattenMessage(message: string | undefined): string {
  if (message === undefined) return '';
  const lines = message
    .split(/\r?\n/)
    .map((line) =>
      line
        .trim()
        .replace(/^[*-]\s+/, '')
        .trim(),
    )
    .filter((line) => line !== '');
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else out += /[:.]$/.test(out) ? ` ${line}` : `; ${line}`;
  }
  return out.replace(/\s+/g, ' ');
}

/**
 * `lead`, followed by the messages of the other conditions that are not fine (in object
 * order, each once), e.g. "Waiting for control plane …: Scaling up control plane …, Waiting
 * for OCI instance". `leadType` is the condition the lead came from, left out of the rest.
 */
export function composeSummary(
  lead: string,
  conditions: readonly ProvisioningCondition[],
  leadType?: string,
): string {
  const seen = new Set<string>([lead]);
  const details: string[] = [];
  for (const condition of conditions) {
    if (condition.type === leadType || !isProblem(condition)) continue;
    const text = flattenMessage(condition.message);
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    details.push(text);
  }
  return details.length === 0 ? lead : `${lead}: ${details.join(', ')}`;
}
