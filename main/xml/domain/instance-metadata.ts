import { checkedString, int, text, valueField } from '../fields';
import { xmlModel } from '../model';
import { checkUuid } from '../names';

/** The flavor an instance was built from, as recorded in its metadata (sizes in Nova's units). */
export class InstanceFlavor extends xmlModel({
  name: text('@name'),
  vcpus: int('@vcpus'),
  /** Memory in MiB. */
  ram: int('@ram'),
  /** Root disk in GiB. */
  disk: int('@disk'),
  /** Ephemeral disk in GiB. */
  ephemeral: int('@ephemeral'),
  /** Swap in MiB. */
  swap: int('@swap'),
}) {}

/**
 * The app's own `<virtdeck:instance>` element inside a domain's `<metadata>` (like Nova's `<nova:instance>`):
 * it marks a domain as built here and names its instance, project, flavor and image. Other namespaces'
 * metadata beside it is never touched.
 */
export class InstanceMetadata extends xmlModel({
  /** The instance's UUID in the app's inventory (equal to the domain UUID for instances built here). */
  uuid: valueField('virtdeck:uuid', checkedString(checkUuid)),
  /** The instance's display name (the domain name may carry a suffix). */
  name: text('virtdeck:name'),
  project: text('virtdeck:project'),
  imageId: text('virtdeck:image@id'),
  /** The user the instance belongs to. */
  owner: text('virtdeck:owner'),
  /** The Virt Deck installation that built it, so two installations sharing a host never clean up each other's domains. */
  createdBy: text('virtdeck:createdBy'),
  /** When it was built (ISO 8601). */
  createdAt: text('virtdeck:createdAt'),
}) {
  /** The `<virtdeck:flavor>` element. */
  get flavor(): InstanceFlavor {
    return this.child('virtdeck:flavor', InstanceFlavor);
  }
}
