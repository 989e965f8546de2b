import { NotFoundError } from '../../inventory/errors';
import { resolveInstance } from '../../inventory/services';
import { DomainXmlFlags, isNoDomain, type DomainRef, type LibvirtConnection } from '../../libvirt';
import { DomainXml } from '../../xml';
import type { ActionContext } from './context';

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

/**
 * The live XML of an instance's domain, as its host shows it now (`virsh dumpxml`), for the details panel. Not SECURE:
 * it is shown to the operator, and the VNC password has no place on a screen. A read: no task, no action row.
 * NotFoundError when the instance has no domain or its domain is gone from the host; HostUnavailableError when the
 * host cannot be reached.
 */
export async function liveDomainXml(ctx: ActionContext, ref: string): Promise<string> {
  const instance = ctx.store.read((repos) => resolveInstance(repos, ref));
  const { hostId, libvirtDomainUuid } = instance;
  if (hostId === null || libvirtDomainUuid === null) throw new NotFoundError('Libvirt domain of instance', instance.name);
  return ctx.hosts.use(hostId, async (conn, host) => {
    try {
      return await conn.domains.getXmlDesc(await conn.domains.lookupByUuid(libvirtDomainUuid));
    } catch (error) {
      if (isNoDomain(error)) throw new NotFoundError(`Domain ${instance.libvirtDomainName ?? libvirtDomainUuid} of instance`, `${instance.name} on host ${host.name}`);
      throw error;
    }
  });
}
