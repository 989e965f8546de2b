import { CloudInitInputError } from './errors';

/** Linux keeps at most 64 bytes of hostname (`HOST_NAME_MAX`). */
export const MAX_HOSTNAME_LENGTH = 64;
/** Longest instance id accepted (Nova's are 36-character UUIDs; EC2's `i-…` ids are shorter still). */
export const MAX_INSTANCE_ID_LENGTH = 128;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * Check a hostname against RFC 1123 (dot-separated labels of letters, digits and inner hyphens,
 * 1–63 characters each) and Linux's 64-byte limit; an all-numeric last label is refused because
 * resolvers take such a name for an IP address.
 */
export function checkHostname(hostname: string, field = 'hostname'): void {
  const fail = (why: string): never => {
    throw new CloudInitInputError(field, `${field} ${JSON.stringify(hostname.slice(0, 80))}: ${why}`);
  };
  if (hostname.length === 0) fail('must not be empty');
  if (hostname.length > MAX_HOSTNAME_LENGTH) fail(`is longer than ${MAX_HOSTNAME_LENGTH} characters (Linux's limit)`);
  const labels = hostname.split('.');
  for (const label of labels) {
    if (!LABEL.test(label)) fail('each dot-separated part must be 1–63 letters, digits or hyphens, not starting or ending with a hyphen');
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) fail('must not end in an all-numeric part (it would read as an IP address)');
}

/** Check an instance id: letters, digits and `.`, `_`, `:`, `-`, starting with a letter or digit. */
export function checkInstanceId(instanceId: string, field = 'instanceId'): void {
  if (instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_LENGTH || !INSTANCE_ID.test(instanceId)) {
    throw new CloudInitInputError(field, `${field} ${JSON.stringify(instanceId.slice(0, 80))}: must be 1–${MAX_INSTANCE_ID_LENGTH} letters, digits, '.', '_', ':' or '-', starting with a letter or digit`);
  }
}

/**
 * NoCloud `meta-data`: YAML with `instance-id` (a new id makes cloud-init run its per-instance
 * modules again) and `local-hostname`. Values are written as double-quoted scalars so a hostname
 * such as `null`, `true` or `1e3` stays a string.
 */
export function renderMetaData(fields: { readonly instanceId: string; readonly hostname: string }): string {
  checkInstanceId(fields.instanceId);
  checkHostname(fields.hostname);
  return `instance-id: ${JSON.stringify(fields.instanceId)}\nlocal-hostname: ${JSON.stringify(fields.hostname)}\n`;
}
