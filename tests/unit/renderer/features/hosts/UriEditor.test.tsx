// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { UriEditor, uriProblems } from '../../../../../renderer/features/hosts/UriEditor';

const ids = { uri: 'uri', mode: 'mode', part: (part: string) => `part-${part}` };

function Harness(props: { readonly initial: string }) {
  const [uri, setUri] = useState(props.initial);
  return (
    <form>
      <UriEditor id="t" uri={uri} onChange={setUri} testIds={ids} />
      <output data-testid="value">{uri}</output>
    </form>
  );
}

const parts = () => fireEvent.click(screen.getByLabelText('Parts'));
const type = (part: string, value: string) => fireEvent.change(screen.getByTestId(ids.part(part)), { target: { value } });

describe('the URI editor (Add host and Edit host)', () => {
  afterEach(() => cleanup());

  it('builds an SSH URI from parts, starting from an empty field', () => {
    render(<Harness initial="" />);
    parts();
    type('user', 'root');
    type('host', 'hv1.example.org');
    type('port', '2222');
    expect(screen.getByTestId('value').textContent).toBe('qemu+ssh://root@hv1.example.org:2222/system');
    expect(screen.getByTestId(ids.uri).textContent).toBe('qemu+ssh://root@hv1.example.org:2222/system');
  });

  it('shows a problem beside its part as it is typed, and keeps the query of a written URI', () => {
    render(<Harness initial="qemu+ssh://root@hv1/system?keyfile=/k" />);
    parts();
    type('port', '70000');
    expect(screen.getByText('A port is 1-65535')).toBeTruthy();
    expect(screen.getByTestId('value').textContent).toBe('qemu+ssh://root@hv1:70000/system?keyfile=/k');
    expect(uriProblems('qemu+ssh://root@hv1:70000/system')).toEqual({ port: 'A port is 1-65535' });
    expect(uriProblems('qemu:///system')).toEqual({});
  });

  it('keeps a URI the parts cannot show as text (the Parts choice is disabled)', () => {
    render(<Harness initial="not a uri" />);
    expect((screen.getByLabelText('Parts') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId(ids.uri), { target: { value: 'qemu:///system' } });
    expect(screen.getByTestId('value').textContent).toBe('qemu:///system');
  });
});
