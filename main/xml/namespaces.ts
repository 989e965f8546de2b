/** Namespace of the app's own `<metadata>` element in domain XML (like Nova's `http://openstack.org/xmlns/libvirt/nova/1.1`). */
export const VIRTDECK_INSTANCE_NS = 'https://virt-deck.dev/xmlns/instance/1.0';

/**
 * Prefixes that model paths may use, and the prefix given to elements the app creates. Reading matches on the
 * namespace, never the prefix: another writer may have bound the same namespace to a different prefix.
 */
export const PATH_NAMESPACES: Readonly<Record<string, string>> = {
  virtdeck: VIRTDECK_INSTANCE_NS,
};
