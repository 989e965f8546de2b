// Host connections: one live session per hypervisor host, feeding the inventory.
export { gatherHostFacts, summarizeCapabilities, type CapabilitiesSummary } from './host-facts';
export { HostManager, uriConnector, type HostManagerOptions } from './host-manager';
export { markHostDown, refreshDomain, refreshDomains, refreshFacts, type RefreshDeps } from './host-refresh';
export { HostSession, type HostConnector, type HostSessionOptions, type HostSessionState } from './host-session';
export { observeDomain, observeDomains, type ObservedDomain } from './observe';
export { reconcileDomain, reconcileHostDomains, type ReconcileContext, type ReconcileSummary } from './reconcile';
export { hostAllocation, hostService, type AddedHost, type AddHostInput, type HostAllocation, type HostService, type HostView, type UpdateHostInput } from './host-service';
export { syncHostsOnce, type HostSyncOutcome } from './sync-once';
export { HostUnavailableError, hostUnavailable } from './host-unavailable';
export {
  HostTargetError,
  listNetworks,
  listStoragePools,
  resolveNetwork,
  resolveStoragePool,
  type NetworkView,
  type ResolvedNetwork,
  type ResolvedPool,
  type StoragePoolView,
} from './targets';
