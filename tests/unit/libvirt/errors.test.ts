import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  LibvirtError,
  ProtocolError,
  decodeErrorFields,
  isNoDomain,
  isNoSupport,
  isUnknownProcedure,
  isUnsupported,
  libvirtErrorFromPayload,
} from '../../../main/libvirt/errors';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr';
import { errorPayload } from './rpc/fake-server';

const origin = { program: 0x20008086, procedure: 23, procedureName: 'DOMAIN_LOOKUP_BY_NAME' };

describe('error structure', () => {
  it('decodes every field, including the optional domain and network records', () => {
    const w = new XdrWriter();
    w.int(42).int(10).optional('Domain not found: no domain with matching name \'x\'', (x, v) => x.string(v)).int(2);
    w.uint(1).string('x').fixedOpaque(new Uint8Array(16).fill(0xab), 16).int(-1);
    w.optional('s1', (x, v) => x.string(v)).uint(0).optional('s3', (x, v) => x.string(v));
    w.int(7).int(-8);
    w.uint(1).string('default').fixedOpaque(new Uint8Array(16), 16);
    const f = decodeErrorFields(new XdrReader(w.bytes()));
    expect(f).toMatchObject({ code: 42, domain: 10, level: 2, str1: 's1', str2: null, str3: 's3', int1: 7, int2: -8 });
    expect(f.dom).toMatchObject({ name: 'x', id: -1 });
    expect(f.net?.name).toBe('default');
  });

  it('builds a LibvirtError that names the procedure and the code', () => {
    const e = libvirtErrorFromPayload(errorPayload(42, 12, "Domain not found: no domain with matching name 'x'"), origin);
    expect(e).toBeInstanceOf(LibvirtError);
    const err = e as LibvirtError;
    expect(err.message).toBe("Domain not found: no domain with matching name 'x' (DOMAIN_LOOKUP_BY_NAME: NO_DOMAIN, error domain 12)");
    expect(err.serverMessage).toBe("Domain not found: no domain with matching name 'x'");
    expect(err).toMatchObject({ code: 42, domain: 12, level: 2, procedure: 23, procedureName: 'DOMAIN_LOOKUP_BY_NAME' });
    expect(isNoDomain(err)).toBe(true);
  });

  it('survives a missing message', () => {
    const err = libvirtErrorFromPayload(errorPayload(9999, 0, null), origin);
    expect(err.message).toBe('libvirt error code 9999 (DOMAIN_LOOKUP_BY_NAME: code 9999, error domain 0)');
  });

  it('turns an undecodable error structure into a ProtocolError', () => {
    const err = libvirtErrorFromPayload(Uint8Array.of(0, 0, 0, 1, 0, 0), origin);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.message).toMatch(/undecodable error structure from DOMAIN_LOOKUP_BY_NAME/);
  });

  it('classifies NO_SUPPORT and unknown procedures', () => {
    const noSupport = libvirtErrorFromPayload(errorPayload(ErrorCode.NO_SUPPORT, 12, 'this function is not supported by the connection driver: virStorageVolUpload'), origin);
    const unknown = libvirtErrorFromPayload(errorPayload(ErrorCode.RPC, 7, 'unknown procedure: 9999'), origin);
    const otherRpc = libvirtErrorFromPayload(errorPayload(ErrorCode.RPC, 7, 'cannot write data'), origin);
    expect([isNoSupport(noSupport), isUnknownProcedure(noSupport), isUnsupported(noSupport)]).toEqual([true, false, true]);
    expect([isNoSupport(unknown), isUnknownProcedure(unknown), isUnsupported(unknown)]).toEqual([false, true, true]);
    expect(isUnsupported(otherRpc)).toBe(false);
    expect(isNoSupport(new Error('x'))).toBe(false);
  });
});
