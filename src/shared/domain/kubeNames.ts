// Kubernetes name rules (apimachinery/pkg/util/validation), with messages a person can act on.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a qualified name (a label key's, after its optional prefix). */
export const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** True for a DNS-1123 label (namespaces): ≤63 of [a-z0-9-], alphanumeric at both ends. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True for a DNS-1123 subdomain (pod and deployment names): ≤253, dot-separated labels. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** True for a DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/**
 * True for a named container port (IANA_SVC_NAME, RFC 6335): 1–15 of [a-z0-9-], at least one
 * letter, no leading/trailing "-" and no "--".
 */
export function isIanaSvcName(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= 15 &&
    /^[a-z0-9-]+$/.test(value) &&
    /[a-z]/.test(value) &&
    !value.startsWith('-') &&
    !value.endsWith('-') &&
    !value.includes('--')
  );
}

/** The rules in words, for messages: DNS-1123 label, DNS-1123 subdomain, DNS-1035 label. */
export const LABEL_RULE =
  'at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
export const SUBDOMAIN_RULE =
  'at most 253 lowercase letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit';
export const DNS1035_RULE =
  'at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit';

/** "<what> "<value>" is not a valid <kind>: use <rule>". */
export function dnsMessage(what: string, value: string, kind: string, rule: string): string {
  return `${what} "${value}" is not a valid ${kind}: use ${rule}`;
}
