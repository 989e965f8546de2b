import { DomainXmlFlags, type DomainRef, type LibvirtConnection } from '../../libvirt';
import { DomainXml } from '../../xml';

/** The persistent definition of a domain as the XML model (SECURE: a redefinition must keep VNC passwords). */
export async function readDefinition(conn: LibvirtConnection, dom: DomainRef): Promise<DomainXml> {
  return DomainXml.parse(await conn.domains.getXmlDesc(dom, { flags: DomainXmlFlags.INACTIVE | DomainXmlFlags.SECURE }));
}

/**
 * Edit a domain's persistent definition through the model and define it again: what `edit` does not touch
 * round-trips untouched. `edit` returns false to leave the domain alone. Whether it was redefined.
 */
export async function redefineDomain(conn: LibvirtConnection, dom: DomainRef, edit: (domain: DomainXml) => boolean): Promise<boolean> {
  const domain = await readDefinition(conn, dom);
  if (!edit(domain)) return false;
  await conn.domains.define(domain.toXml());
  return true;
}
