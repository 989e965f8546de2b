import { describe, expect, it } from 'vitest';
import { CHeaderError, evaluateCExpression, readCHeaders } from '../../../../scripts/lvgen/c-header';

const HOST = `
# define VIR_UUID_BUFLEN (16)
# define VIR_SECURITY_MODEL_BUFLEN (256 + 1)
# define VIR_MIGRATE_PARAM_URI "migrate_uri"
# define VIR_FUNCTION_LIKE(x) ((x) + 1)

typedef enum {
    VIR_DOMAIN_AFFECT_CURRENT = 0,      /* Affect current domain state.  */
    VIR_DOMAIN_AFFECT_LIVE    = 1 << 0, /* Affect running domain state.  */
    VIR_DOMAIN_AFFECT_CONFIG  = 1 << 1, /* Affect persistent domain state.  */
} virDomainModificationImpact;

typedef enum {
    VIR_DOMAIN_NOSTATE = 0,
    VIR_DOMAIN_RUNNING,
    VIR_DOMAIN_BLOCKED,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_LAST
# endif
} virDomainState;
`;

const DOMAIN = `
typedef enum {
    VIR_DOMAIN_VCPU_CURRENT = VIR_DOMAIN_AFFECT_CURRENT, /* See virDomainModificationImpact */
    VIR_DOMAIN_VCPU_LIVE    = VIR_DOMAIN_AFFECT_LIVE,
    VIR_DOMAIN_VCPU_MAXIMUM = (1 << 2),
    VIR_DOMAIN_VCPU_ENFORCE = 1U << 31,
} virDomainVcpuFlags;
`;

describe('C header reader', () => {
  const symbols = readCHeaders([
    // The later file's enum refers to the earlier one's members, and the other way round works too.
    { path: 'libvirt-domain.h', text: DOMAIN },
    { path: 'libvirt-host.h', text: HOST },
  ]);

  it('reads enums with explicit, implicit and shifted values, leaving sentinels out', () => {
    expect(symbols.enums.get('virDomainState')?.members).toEqual([
      { name: 'VIR_DOMAIN_NOSTATE', value: 0n },
      { name: 'VIR_DOMAIN_RUNNING', value: 1n },
      { name: 'VIR_DOMAIN_BLOCKED', value: 2n },
    ]);
    expect(symbols.enums.get('virDomainModificationImpact')?.members.map((m) => m.value)).toEqual([0n, 1n, 2n]);
  });

  it('resolves members defined in terms of other headers, and unsigned shifts', () => {
    expect(symbols.enums.get('virDomainVcpuFlags')?.members.map((m) => [m.name, m.value])).toEqual([
      ['VIR_DOMAIN_VCPU_CURRENT', 0n],
      ['VIR_DOMAIN_VCPU_LIVE', 1n],
      ['VIR_DOMAIN_VCPU_MAXIMUM', 4n],
      ['VIR_DOMAIN_VCPU_ENFORCE', 2147483648n],
    ]);
    expect(symbols.enums.get('virDomainVcpuFlags')?.file).toBe('libvirt-domain.h');
  });

  it('reads numeric and string macros, and ignores function-like ones', () => {
    expect(symbols.integers.get('VIR_UUID_BUFLEN')).toBe(16n);
    expect(symbols.integers.get('VIR_SECURITY_MODEL_BUFLEN')).toBe(257n);
    expect(symbols.strings.get('VIR_MIGRATE_PARAM_URI')).toBe('migrate_uri');
    expect(symbols.integers.has('VIR_FUNCTION_LIKE')).toBe(false);
  });

  it('evaluates C constant expressions with C precedence', () => {
    const none = (name: string): bigint => {
      throw new CHeaderError(`unknown ${name}`);
    };
    expect(evaluateCExpression('1 + 2 * 3', none)).toBe(7n);
    expect(evaluateCExpression('(1 << 4) | 1', none)).toBe(17n);
    expect(evaluateCExpression('~0 & 0xff', none)).toBe(255n);
    expect(evaluateCExpression('-(2) - 1', none)).toBe(-3n);
    expect(evaluateCExpression('9007199254740991LL', none)).toBe(9007199254740991n);
    expect(evaluateCExpression('A + 1', () => 41n)).toBe(42n);
    expect(() => evaluateCExpression('(1', none)).toThrow(/missing \)/);
    expect(() => evaluateCExpression('1 ?', none)).toThrow(CHeaderError);
  });

  it('refuses a constant defined in terms of itself', () => {
    expect(() => readCHeaders([{ path: 'x.h', text: 'typedef enum { A = B, B = A } loop;' }])).toThrow(/in terms of itself/);
  });
});
