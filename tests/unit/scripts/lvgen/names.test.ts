import { describe, expect, it } from 'vitest';
import { camelFromUpper, commonPrefix, pascalCase, propertyKey } from '../../../../scripts/lvgen/names';

describe('generator naming', () => {
  it('derives TypeScript names from XDR names', () => {
    expect(pascalCase('domain_get_info_args')).toBe('DomainGetInfoArgs');
    expect(pascalCase('NetMessageError')).toBe('NetMessageError');
    expect(camelFromUpper('DOMAIN_EVENT_BLOCK_JOB_2')).toBe('domainEventBlockJob2');
  });

  it('strips the common prefix of C enum members at a word boundary', () => {
    expect(commonPrefix(['VIR_DOMAIN_NOSTATE', 'VIR_DOMAIN_RUNNING'])).toBe('VIR_DOMAIN_');
    expect(commonPrefix(['VIR_CONNECT_LIST_DOMAINS_ACTIVE', 'VIR_CONNECT_LIST_DOMAINS_INACTIVE'])).toBe('VIR_CONNECT_LIST_DOMAINS_');
    expect(commonPrefix(['VIR_NETWORK_EVENT_ID_LIFECYCLE'])).toBe('VIR_NETWORK_EVENT_ID_');
  });

  it('quotes property keys that are not identifiers', () => {
    expect(propertyKey('OK')).toBe('OK');
    expect(propertyKey('2D')).toBe('"2D"');
  });
});
