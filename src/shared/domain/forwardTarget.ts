import { z } from 'zod';
import { DNS1035_RULE, dnsMessage, isDns1035Label, isDns1123Subdomain, SUBDOMAIN_RULE } from './kubeNames';
import { formatLabelSelector, parseLabelSelector, podSelectorProblem } from './labelSelector';
import { MAX_SELECTOR_LENGTH } from './forwardBounds';

// A forward's target: what to forward to, as a schema and as the text users write (svc/api,
// deploy/web, pod/x, or a label selector).

/** A pod named exactly (DNS-1123 subdomain). */
export const PodTargetSchema = z.object({
  kind: z.literal('pod'),
  name: z.string().refine(isDns1123Subdomain, {
    error: (i) => dnsMessage('Pod name', String(i.input), 'DNS-1123 subdomain', SUBDOMAIN_RULE),
  }),
});

/** A Service (kubectl forwards to one of its ready pods; named ports resolve via the Service). */
export const ServiceTargetSchema = z.object({
  kind: z.literal('service'),
  name: z.string().refine(isDns1035Label, {
    error: (i) => dnsMessage('Service name', String(i.input), 'DNS-1035 label', DNS1035_RULE),
  }),
});

/** A Deployment (kubectl forwards to one of its pods). */
export const DeploymentTargetSchema = z.object({
  kind: z.literal('deployment'),
  name: z.string().refine(isDns1123Subdomain, {
    error: (i) => dnsMessage('Deployment name', String(i.input), 'DNS-1123 subdomain', SUBDOMAIN_RULE),
  }),
});

/** The first running pod matching a label selector, e.g. `app=api,tier=web` (kftray's pod mode). */
export const SelectorTargetSchema = z.object({
  kind: z.literal('selector'),
  selector: z.string().superRefine((value, ctx) => {
    if (value.length > MAX_SELECTOR_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `Label selector must be at most ${MAX_SELECTOR_LENGTH} characters`,
      });
      return;
    }
    const problem = podSelectorProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

/** Where a forward points: a pod, a service, a deployment, or a pod label selector. */
export const ForwardTargetSchema = z.discriminatedUnion(
  'kind',
  [PodTargetSchema, ServiceTargetSchema, DeploymentTargetSchema, SelectorTargetSchema],
  { error: 'Target kind must be pod, service, deployment or selector' },
);
export type ForwardTarget = z.infer<typeof ForwardTargetSchema>;

/** Result of parsing a target string. */
export type TargetParse = { ok: true; target: ForwardTarget } | { ok: false; message: string };

const KIND_ALIASES: Readonly<Record<string, 'pod' | 'service' | 'deployment'>> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  service: 'service',
  services: 'service',
  svc: 'service',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
};

// Characters that only a selector can contain (never a resource name).
const SELECTOR_ONLY = /[=!(),\s]/;

/**
 * Parses the string form kubectl users know: `pod/x`, `svc/x`, `service/x`, `deploy/x`,
 * `deployment/x`, a bare name (a pod, as kubectl treats it), or a label selector such as
 * `app=api,tier=web` (anything with `=`, `!=`, `in (…)` or `notin (…)`).
 */
export function parseTarget(text: string): TargetParse {
  const s = text.trim();
  if (s === '') return { ok: false, message: 'Target is empty' };
  const kindMatch = /^([A-Za-z]+)\/(.*)$/.exec(s);
  if (kindMatch && !SELECTOR_ONLY.test(s)) {
    const kindWord = (kindMatch[1] ?? '').toLowerCase();
    const name = kindMatch[2] ?? '';
    const kind = KIND_ALIASES[kindWord];
    if (!kind) {
      return {
        ok: false,
        message: `Target kind "${kindMatch[1] ?? ''}" is not supported: use pod/NAME, service/NAME (svc/), deployment/NAME (deploy/) or a label selector such as app=api`,
      };
    }
    return fromSchema({ kind, name });
  }
  if (SELECTOR_ONLY.test(s)) {
    const parsed = parseLabelSelector(s);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    return fromSchema({ kind: 'selector', selector: formatLabelSelector(parsed.requirements) });
  }
  if (s.includes('/')) {
    return {
      ok: false,
      message: `Target "${s}" is neither KIND/NAME (pod/, service/, deployment/) nor a label selector such as app=api`,
    };
  }
  return fromSchema({ kind: 'pod', name: s });
}

function fromSchema(candidate: unknown): TargetParse {
  const result = ForwardTargetSchema.safeParse(candidate);
  if (result.success) return { ok: true, target: result.data };
  return { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
}

/** The string form of a target; `parseTarget(formatTarget(t))` gives `t` back. */
export function formatTarget(target: ForwardTarget): string {
  return target.kind === 'selector' ? target.selector : `${target.kind}/${target.name}`;
}
