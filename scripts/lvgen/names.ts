/** Naming rules shared by the emitters. */

/** `domain_get_info_args` → `DomainGetInfoArgs`; `NetMessageError` stays as it is. */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `DOMAIN_GET_INFO` → `domainGetInfo`. */
export function camelFromUpper(name: string): string {
  const pascal = pascalCase(name.toLowerCase());
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** The longest prefix of all names that ends at an underscore (`VIR_DOMAIN_` for `VIR_DOMAIN_RUNNING`, …). */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Cut back to a word boundary: a lone name keeps its last word (`VIR_NETWORK_EVENT_ID_LIFECYCLE` → `LIFECYCLE`).
  const cut = prefix.lastIndexOf('_');
  return prefix.slice(0, cut + 1);
}

/** A member name usable as an unquoted property key (`2D` needs quoting, `OK` does not). */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
