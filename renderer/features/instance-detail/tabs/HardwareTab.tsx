import { useMemo } from 'react';
import { formatMiB } from '../../../shared/format/format';
import { hardwareSummary, type HardwareDevice, type HardwareSummary } from '../hardware';
import type { Loaded } from '../instance-detail-store';
import { detailTestIds } from '../test-ids';
import { XmlView } from './XmlView';

function memoryText(hw: HardwareSummary): string {
  if (hw.memoryKiB === null) return '-';
  const max = formatMiB(Math.round(hw.memoryKiB / 1024));
  if (hw.currentMemoryKiB === null || hw.currentMemoryKiB === hw.memoryKiB) return max;
  return `${formatMiB(Math.round(hw.currentMemoryKiB / 1024))} of ${max}`;
}

function Row(props: { readonly kind: string; readonly name: string; readonly details: readonly string[] | string }) {
  return (
    <tr data-testid={detailTestIds.hardwareRow(props.kind)}>
      <th scope="row">{props.name}</th>
      <td>{typeof props.details === 'string' ? props.details : props.details.join(' · ') || '-'}</td>
    </tr>
  );
}

function Devices(props: { readonly kind: string; readonly devices: readonly HardwareDevice[] }) {
  return (
    <>
      {props.devices.map((device, index) => (
        // Devices have no id of their own; their order in the XML is stable.
        <Row key={`${device.name}-${index}`} kind={props.kind} name={device.name} details={device.details} />
      ))}
    </>
  );
}

/** The hardware summary read from the XML, as virt-manager's details list shows it. */
function HardwareList(props: { readonly xml: string }) {
  const summary = useMemo(() => {
    try {
      return { hw: hardwareSummary(props.xml), error: null };
    } catch (error) {
      return { hw: null, error: error instanceof Error ? error.message : String(error) };
    }
  }, [props.xml]);
  if (summary.hw === null) return <p className="banner banner--error">{summary.error}</p>;
  const hw = summary.hw;
  return (
    <table className="table props detail__hardware" data-testid={detailTestIds.hardware}>
      <tbody>
        <Row kind="vcpus" name="Processor" details={[hw.vcpus === null ? '-' : `${hw.vcpus} vCPU`, ...(hw.cpuMode === null ? [] : [`mode ${hw.cpuMode}`])]} />
        <Row kind="memory" name="Memory" details={memoryText(hw)} />
        <Row kind="os" name="OS / machine" details={hw.os ?? '-'} />
        <Row kind="boot" name="Boot" details={hw.kernel !== null ? `direct kernel ${hw.kernel}` : hw.boot.length === 0 ? '-' : hw.boot.join(', ')} />
        <Devices kind="disk" devices={hw.disks} />
        <Devices kind="nic" devices={hw.nics} />
        <Devices kind="graphics" devices={hw.graphics} />
        <Devices kind="video" devices={hw.video} />
        <Devices kind="serial" devices={hw.serials} />
      </tbody>
    </table>
  );
}

/** The Hardware tab: the summary, then the live domain XML (read-only, highlighted). */
export function HardwareTab(props: { readonly xml: Loaded<string> }) {
  const { value, error, loading } = props.xml;
  return (
    <div className="detail__hardware-tab">
      {error !== null && (
        <p className="banner banner--error" role="alert" data-testid={detailTestIds.xmlError}>
          The domain XML cannot be read: {error}
        </p>
      )}
      {value === null && error === null && <p className="muted detail__note">{loading ? 'Reading the domain XML from its host…' : 'Not read yet.'}</p>}
      {value !== null && (
        <>
          <HardwareList xml={value} />
          <h3 className="detail__subheading">Domain XML (live, read-only)</h3>
          <XmlView xml={value} />
        </>
      )}
    </div>
  );
}
