import { create } from 'zustand';
import type { AvailabilityZone, PlacementPreview, ServerGroupListing } from '../../../common/contract/create-schemas';
import type { Instance, InventoryChanged, KeyPair } from '../../../common/contract/schemas';
import type { ResultOf } from '../../../common/contract/channels';
import { backend } from '../../shared/backend/current-backend';
import { errorMessage } from '../../shared/stores/load-state';
import { startedUpload, withProgress, type UploadState } from './upload-model';
import { countOf, createArgs, emptyDraft, firstInvalidStep, isDirty, validateStep, WIZARD_STEPS, type DraftField, type WizardDraft, type WizardFacts, type WizardLists, type WizardStep } from './wizard-model';

/** The lists the wizard loads beside the main ones, each of which can fail on its own. */
export type WizardListName = 'serverGroups' | 'availabilityZones' | 'quota' | 'flavorPreviews' | 'placement';

/** Per list, why its last load failed (as main said it); absent when it did not. */
export type WizardListErrors = Readonly<Partial<Record<WizardListName, string>>>;

/** Where the wizard is: editing the request, sending it, or following the builds it started. */
export type WizardPhase = 'editing' | 'submitting' | 'following';

/** The create wizard's state. */
export interface CreateWizardState extends WizardLists {
  readonly open: boolean;
  readonly step: WizardStep;
  /** The furthest step reached (the step list lets the operator jump back to any step up to it). */
  readonly reached: number;
  readonly draft: WizardDraft;
  readonly initial: WizardDraft;
  readonly keyPairs: readonly KeyPair[];
  /** The scheduler's choice with no host picked (every host with its pass/fail): the picker's list. */
  readonly placementAuto: PlacementPreview | null;
  /** The picked host's answer, when a host is picked. */
  readonly placementForced: PlacementPreview | null;
  /** `networks.list` of the picked or likely host. */
  readonly networks: ResultOf<'networks.list'> | null;
  readonly networksError: string | null;
  /** Loading the lists failed. */
  readonly loadError: string | null;
  /** Escape or Cancel on a changed draft: asking whether to discard it. */
  readonly confirmingDiscard: boolean;
  readonly phase: WizardPhase;
  /** Fields the operator changed: their problems show as they type. */
  readonly touched: ReadonlySet<DraftField>;
  /** Times Next was refused on this step: every problem of the step shows, and focus goes to the first. */
  readonly refusedNext: number;
  readonly submitError: string | null;
  /** The instances the request created, kept current from `inventory.changed`, by UUID in creation order. */
  readonly created: readonly Instance[];
  /** The last task state seen per created instance (a failed build shows where it stopped). */
  readonly lastTask: Readonly<Record<string, string>>;
  /** A local file being imported from the Source step (null: none). */
  readonly upload: UploadState | null;
  /** `serverGroups.list` of the drafted project (null while not loaded). */
  readonly serverGroups: readonly ServerGroupListing[] | null;
  readonly availabilityZones: readonly AvailabilityZone[] | null;
  /** Why a list could not be loaded, shown beside its field or step (an empty list is not the same as a failed one). */
  readonly listErrors: WizardListErrors;

  openWizard(): Promise<void>;
  /** Cancel: closes at once when nothing changed (or the builds are followed), else asks first. */
  requestClose(): void;
  keepEditing(): void;
  close(): void;
  setField<F extends DraftField>(field: F, value: WizardDraft[F]): void;
  goTo(step: WizardStep): void;
  /** Enter: on to the next step when this one is valid (on Review: create). */
  next(): Promise<void>;
  back(): void;
  submit(): Promise<void>;
  /** Send the same request again after a failed build. */
  retry(): Promise<void>;
  /** Import a local file as the image `name`; on success it is listed and selected. */
  startUpload(file: File, name: string): Promise<void>;
  cancelUpload(): void;
}

/** The facts validation reads, from the state. */
export function selectFacts(s: CreateWizardState): WizardFacts {
  return {
    projects: s.projects,
    images: s.images,
    flavors: s.flavors,
    quota: s.quota,
    flavorPreviews: s.flavorPreviews,
    placement: s.draft.placement === 'host' ? s.placementForced : s.placementAuto,
  };
}

/** The host whose networks the Network step offers: the one picked, else the one the scheduler would choose. */
export function selectNetworkHost(s: Pick<CreateWizardState, 'draft' | 'placementAuto'>): string | null {
  if (s.draft.placement === 'host') return s.draft.host === '' ? null : s.draft.host;
  return s.placementAuto?.chosen[0] ?? null;
}

const CLOSED = {
  open: false,
  step: 'details' as WizardStep,
  reached: 0,
  draft: emptyDraft(),
  initial: emptyDraft(),
  projects: [],
  images: [],
  flavors: [],
  keyPairs: [],
  quota: null,
  flavorPreviews: {},
  placementAuto: null,
  placementForced: null,
  networks: null,
  networksError: null,
  loadError: null,
  confirmingDiscard: false,
  phase: 'editing' as WizardPhase,
  touched: new Set<DraftField>(),
  refusedNext: 0,
  submitError: null,
  created: [],
  lastTask: {},
  upload: null,
  serverGroups: null,
  availabilityZones: null,
  listErrors: {} as WizardListErrors,
};

/** The create wizard (one at a time). */
export const useCreateWizardStore = create<CreateWizardState>()((set, get) => {
  // Answers to superseded questions are dropped: each kind of question counts its requests.
  const latest = { quota: 0, flavors: 0, auto: 0, forced: 0, networks: 0, groups: 0 };
  let unsubscribe: (() => void) | null = null;
  let uploading: AbortController | null = null;
  // Bumped by close(): an answer that arrives after a close (or a close and reopen) belongs to a wizard that is gone.
  let generation = 0;
  const setListError = (list: WizardListName, error: unknown) => {
    const listErrors = { ...get().listErrors };
    if (error === null) delete listErrors[list];
    else listErrors[list] = errorMessage(error);
    set({ listErrors });
  };

  const refreshServerGroups = async () => {
    const ask = ++latest.groups;
    const project = get().draft.project;
    if (project === '') return set({ serverGroups: [] });
    let groups: readonly ServerGroupListing[];
    try {
      groups = await backend().call('serverGroups.list', { project });
    } catch (error) {
      if (ask !== latest.groups) return;
      setListError('serverGroups', error);
      return set({ serverGroups: null });
    }
    if (ask !== latest.groups) return;
    setListError('serverGroups', null);
    // A group of the previous project cannot be asked for in this one.
    const draft = get().draft;
    if (draft.serverGroup !== '' && !groups.some((g) => g.id === draft.serverGroup)) set({ draft: { ...draft, serverGroup: '' } });
    set({ serverGroups: groups });
  };

  const refreshQuota = async () => {
    const ask = ++latest.quota;
    const project = get().draft.project;
    if (project === '') return;
    try {
      const report = await backend().call('quotas.show', { project });
      if (ask !== latest.quota) return;
      set({ quota: report.lines.map(({ resource, limit, inUse }) => ({ resource, limit, inUse })) });
      setListError('quota', null);
    } catch (error) {
      if (ask !== latest.quota) return;
      set({ quota: null });
      setListError('quota', error);
    }
  };

  const preview = (flavor: string, host?: string) => {
    const { draft } = get();
    return backend().call('placement.preview', {
      flavor,
      count: countOf(draft),
      ...(draft.project === '' ? {} : { project: draft.project }),
      ...(draft.image === '' ? {} : { image: draft.image }),
      ...(host === undefined ? {} : { host }),
      ...(draft.serverGroup === '' ? {} : { serverGroup: draft.serverGroup }),
      ...(draft.availabilityZone === '' ? {} : { availabilityZone: draft.availabilityZone }),
    });
  };

  const refreshFlavorPreviews = async () => {
    const ask = ++latest.flavors;
    let failure: unknown = null;
    const answers = await Promise.all(
      get().flavors.map(async (f) => [f.id, await preview(f.id).catch((error: unknown) => ((failure = error), null))] as const),
    );
    if (ask !== latest.flavors) return;
    setListError('flavorPreviews', failure);
    set({ flavorPreviews: Object.fromEntries(answers.filter((a): a is readonly [string, PlacementPreview] => a[1] !== null)) });
  };

  const refreshNetworks = async () => {
    const host = selectNetworkHost(get());
    const ask = ++latest.networks;
    if (host === null) return set({ networks: null, networksError: null });
    if (get().networks?.hostName === host) return;
    try {
      const networks = await backend().call('networks.list', { host });
      if (ask === latest.networks) set({ networks, networksError: null });
    } catch (error) {
      if (ask === latest.networks) set({ networks: null, networksError: errorMessage(error) });
    }
  };

  const refreshPlacement = async () => {
    const { draft } = get();
    const auto = ++latest.auto;
    const forced = ++latest.forced;
    if (draft.flavor === '') return set({ placementAuto: null, placementForced: null });
    let failure: unknown = null;
    const failed = (error: unknown) => ((failure = error), null);
    const [autoAnswer, forcedAnswer] = await Promise.all([
      preview(draft.flavor).catch(failed),
      draft.placement === 'host' && draft.host !== '' ? preview(draft.flavor, draft.host).catch(failed) : Promise.resolve(null),
    ]);
    if (auto === latest.auto) set({ placementAuto: autoAnswer });
    if (auto === latest.auto) setListError('placement', failure);
    if (forced === latest.forced) set({ placementForced: forcedAnswer });
    await refreshNetworks();
  };

  // Changes that arrive while the create is answered (its builds start at once) wait for its UUIDs.
  let early: Instance[] = [];
  const onChanged = (payload: InventoryChanged) => {
    if (get().phase === 'submitting') early.push(...payload.instances);
    const mine = new Set(get().created.map((i) => i.uuid));
    const updates = payload.instances.filter((i) => mine.has(i.uuid));
    if (updates.length === 0) return;
    const byUuid = new Map(updates.map((i) => [i.uuid, i]));
    const lastTask = { ...get().lastTask };
    for (const i of updates) if (i.taskState !== null) lastTask[i.uuid] = i.taskState;
    set({ created: get().created.map((i) => byUuid.get(i.uuid) ?? i), lastTask });
  };

  return {
    ...CLOSED,

    async openWizard() {
      if (get().open) return;
      set({ ...CLOSED, open: true });
      const opened = generation;
      const stillOpen = () => opened === generation;
      unsubscribe?.();
      unsubscribe = backend().subscribe('inventory.changed', onChanged);
      try {
        const [projects, images, flavors, keyPairs] = await Promise.all([
          backend().call('projects.list', {}),
          backend().call('images.list', {}),
          backend().call('flavors.list', {}),
          backend().call('keypairs.list', {}),
        ]);
        if (!stillOpen()) return;
        const project = projects.find((p) => p.name === 'admin' && p.enabled) ?? projects.find((p) => p.enabled);
        const draft = { ...emptyDraft(project?.id ?? ''), image: images.length === 1 && images[0]?.status === 'active' ? images[0].id : '' };
        set({ projects, images, flavors, keyPairs, draft, initial: draft, loadError: null });
        const zones = backend()
          .call('availabilityZones.list', {})
          .then(
            (availabilityZones) => stillOpen() && set({ availabilityZones }),
            (error: unknown) => {
              if (!stillOpen()) return;
              set({ availabilityZones: null });
              setListError('availabilityZones', error);
            },
          );
        await Promise.all([refreshQuota(), refreshFlavorPreviews(), refreshServerGroups(), zones]);
      } catch (error) {
        if (stillOpen()) set({ loadError: errorMessage(error) });
      }
    },

    requestClose() {
      const s = get();
      if (s.phase === 'editing' && isDirty(s.draft, s.initial)) set({ confirmingDiscard: true });
      else get().close();
    },

    keepEditing: () => set({ confirmingDiscard: false }),

    close() {
      generation++;
      // Answers to what the closed wizard asked are dropped too (each refresh checks its own counter).
      for (const kind of Object.keys(latest) as (keyof typeof latest)[]) latest[kind]++;
      uploading?.abort();
      uploading = null;
      unsubscribe?.();
      unsubscribe = null;
      set({ ...CLOSED });
    },

    setField(field, value) {
      const draft = { ...get().draft, [field]: value };
      if (field === 'placement' && value === 'auto') Object.assign(draft, { host: '' });
      set({ draft, submitError: null, touched: new Set([...get().touched, field]) });
      if (field === 'project') {
        void refreshQuota();
        void refreshServerGroups();
      }
      // The Flavor table's previews carry the group and zone too, so "fits on no host" stays true after Placement.
      if (field === 'project' || field === 'image' || field === 'count' || field === 'serverGroup' || field === 'availabilityZone') void refreshFlavorPreviews();
      if (field === 'project' || field === 'image' || field === 'count' || field === 'flavor' || field === 'placement' || field === 'host' || field === 'serverGroup' || field === 'availabilityZone') void refreshPlacement();
    },

    goTo(step) {
      const index = WIZARD_STEPS.indexOf(step);
      if (index <= get().reached && get().phase === 'editing') set({ step, confirmingDiscard: false, refusedNext: 0 });
    },

    async next() {
      const s = get();
      if (s.phase !== 'editing') return;
      if (Object.keys(validateStep(s.step, s.draft, selectFacts(s))).length > 0) return set({ refusedNext: s.refusedNext + 1 });
      if (s.step === 'review') return get().submit();
      const index = WIZARD_STEPS.indexOf(s.step) + 1;
      set({ step: WIZARD_STEPS[index] as WizardStep, reached: Math.max(s.reached, index), refusedNext: 0 });
      if (WIZARD_STEPS[index] === 'placement' || WIZARD_STEPS[index] === 'network') await refreshPlacement();
    },

    back() {
      const index = WIZARD_STEPS.indexOf(get().step);
      if (index > 0 && get().phase === 'editing') set({ step: WIZARD_STEPS[index - 1] as WizardStep, refusedNext: 0 });
    },

    async submit() {
      const s = get();
      const invalid = firstInvalidStep(s.draft, selectFacts(s));
      if (invalid !== null) return set({ step: invalid, refusedNext: 1 });
      early = [];
      set({ phase: 'submitting', submitError: null });
      try {
        const result = await backend().call('instances.create', createArgs(s.draft));
        const lastTask = Object.fromEntries(result.instances.flatMap((i) => (i.taskState === null ? [] : [[i.uuid, i.taskState]])));
        set({ phase: 'following', created: result.instances, lastTask });
        onChanged({ instances: early, hosts: [], removedHosts: [] });
      } catch (error) {
        set({ phase: 'editing', submitError: errorMessage(error) });
      } finally {
        early = [];
      }
    },

    async retry() {
      set({ created: [], lastTask: {} });
      await get().submit();
    },

    async startUpload(file, name) {
      const upload = backend().uploadImage;
      if (upload === undefined || get().upload?.phase === 'uploading') return;
      const controller = new AbortController();
      uploading = controller;
      set({ upload: startedUpload(file.name, name, file.size, Date.now()) });
      const mine = () => uploading === controller;
      try {
        const imported = await upload({
          file,
          name,
          signal: controller.signal,
          onProgress: ({ sent, total }) => {
            const current = get().upload;
            if (mine() && current !== null) set({ upload: withProgress(current, sent, total, Date.now()) });
          },
        });
        if (!mine()) return;
        const images = await backend().call('images.list', {});
        // Closed (or closed and reopened) meanwhile: this upload's wizard is gone.
        if (!mine()) return;
        const current = get().upload;
        set({ images, upload: current && { ...current, sent: current.total, phase: 'done' } });
        get().setField('image', imported.image.id);
      } catch (error) {
        const current = get().upload;
        if (!mine() || current === null) return;
        set({ upload: controller.signal.aborted ? { ...current, phase: 'cancelled', error: null } : { ...current, phase: 'failed', error: errorMessage(error) } });
      } finally {
        if (mine()) uploading = null;
      }
    },

    cancelUpload() {
      uploading?.abort();
    },
  };
});
