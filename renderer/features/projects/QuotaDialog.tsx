import { useEffect, useState } from 'react';
import type { QuotaReport, QuotaResource } from '../../../common/contract/admin-schemas';
import type { ProjectListing } from '../../../common/contract/schemas';
import { Dialog } from '../../shared/dialogs/Dialog';
import { formatMiB } from '../../shared/format/format';
import { useAction } from '../../shared/stores/action-store';
import { errorMessage } from '../../shared/stores/load-state';
import { fetchQuota, parseLimit, quotaChanges, saveQuota, useProjectActions } from './projects-store';
import { projectIds } from './test-ids';

const LABELS: Record<QuotaResource, string> = { instances: 'Instances', cores: 'vCPUs (cores)', ram: 'RAM (MiB)', disk: 'Disk (GiB)' };
const inUseText = (resource: QuotaResource, n: number) => (resource === 'ram' ? formatMiB(n) : resource === 'disk' ? `${n} GiB` : String(n));
const fieldsOf = (report: QuotaReport) => Object.fromEntries(report.lines.map((l) => [l.resource, l.isDefault ? '' : String(l.limit)])) as Record<QuotaResource, string>;

/** A project's quota (`nova quota-show`) with what its instances use, each limit editable; empty means the default. */
export function QuotaDialog({ project, onClose: close }: { readonly project: ProjectListing; readonly onClose: () => void }) {
  const [report, setReport] = useState<QuotaReport | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<QuotaResource, string> | null>(null);
  const key = `quota:${project.id}`;
  const { busy, error: saveError, clearError } = useAction(useProjectActions, key);
  // A save error belongs to this opening of the dialog: the next one starts clean.
  const onClose = () => {
    clearError();
    close();
  };
  useEffect(() => {
    let current = true;
    fetchQuota(project.id).then(
      (r) => {
        if (!current) return;
        setReport(r);
        setFields(fieldsOf(r));
      },
      (e: unknown) => current && setLoadError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [project.id]);
  const changes = report !== null && fields !== null ? quotaChanges(report, fields) : null;
  const save = async () => {
    if (report === null || changes === null || Object.keys(changes).length === 0) return onClose();
    const saved = await saveQuota(project.id, changes);
    if (saved !== null) onClose();
  };
  return (
    <Dialog
      title={`Quota of ${project.name}`}
      testId={projectIds.quotaDialog}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--primary" data-testid={projectIds.quotaSave} disabled={busy || changes === null} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      {loadError !== null && <div className="banner banner--error" role="alert">{loadError}</div>}
      {report === null || fields === null ? (
        loadError === null && <p className="muted">Loading…</p>
      ) : (
        <table className="table quota-table">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Limit</th>
              <th scope="col" className="numeric">In use</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => {
              const parsed = parseLimit(fields[line.resource]);
              return (
                <tr key={line.resource}>
                  <th scope="row">{LABELS[line.resource]}</th>
                  <td>
                    <input
                      className="input quota-input"
                      data-testid={projectIds.quotaField(line.resource)}
                      value={fields[line.resource]}
                      placeholder={line.isDefault ? `default (${line.limit === -1 ? 'unlimited' : line.limit})` : ''}
                      onChange={(e) => setFields({ ...fields, [line.resource]: e.target.value })}
                      aria-label={`${LABELS[line.resource]} limit`}
                      aria-invalid={!parsed.ok}
                      inputMode="numeric"
                    />
                    {!parsed.ok && <span className="field-problem">{parsed.problem}</span>}
                  </td>
                  <td className="numeric">{inUseText(line.resource, line.inUse)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted form__hint">Empty: the default. −1: unlimited. A limit below what is in use stops new instances, not running ones.</p>
      {saveError !== null && (
        <div className="banner banner--error" role="alert" data-testid={projectIds.quotaError}>
          {saveError}
        </div>
      )}
    </Dialog>
  );
}
