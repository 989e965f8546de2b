import { describe, expect, it } from 'vitest';
import { aggregateExtraSpecs, matchExtraSpec } from '../../../../main/placement/index';
import { exactValue } from '../../../../main/placement/filters/extra-specs-ops';
import { flavor, host, request, runFilter } from '../fixtures';

const ssd = host('ssd', { aggregates: [{ name: 'fast', metadata: { ssd: 'true', cpu_gen: '5', tier: 'gold,silver' } }] });
const hdd = host('hdd', { aggregates: [{ name: 'slow', metadata: { ssd: 'false' } }] });
const bare = host('bare');

function withSpecs(extraSpecs: Record<string, string>) {
  return request({ flavor: flavor({ extraSpecs }) });
}

describe('AggregateInstanceExtraSpecsFilter', () => {
  it('passes every host when the flavor has no extra specs', () => {
    expect(runFilter('AggregateInstanceExtraSpecsFilter', request(), [ssd, hdd, bare])).toEqual([null, null, null]);
  });

  it('checks scoped keys with the scope removed', () => {
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ 'aggregate_instance_extra_specs:ssd': 'true' }), [ssd, hdd, bare])).toEqual([
      null,
      'flavor extra spec "ssd" requires "true"; the host\'s aggregates have "false"',
      'flavor extra spec "ssd" is not set on any aggregate of the host',
    ]);
  });

  it('checks unscoped keys too, as Nova does, and ignores other scopes', () => {
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ ssd: 'true' }), [ssd, hdd])).toEqual([null, expect.any(String)]);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ 'hw:cpu_policy': 'dedicated', 'quota:cpu_shares': '1' }), [bare])).toEqual([null]);
    expect(aggregateExtraSpecs({ a: '1', 'aggregate_instance_extra_specs:b': '2', 'hw:c': '3' })).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('accepts any value of a comma-separated aggregate value and of several aggregates', () => {
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ tier: 'silver' }), [ssd])).toEqual([null]);
    const two = host('two', { aggregates: [{ name: 'a', metadata: { ssd: 'false' } }, { name: 'b', metadata: { ssd: 'true' } }] });
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ ssd: 'true' }), [two])).toEqual([null]);
  });

  it('matches a plain requirement only against a split and trimmed value that equals it', () => {
    const spaced = host('spaced', { aggregates: [{ name: 'a', metadata: { ssd: ' true ', tier: 'a,b', zone: '' } }] });
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ ssd: 'true' }), [spaced])).toEqual([null]);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ ssd: ' true ' }), [spaced])[0]).toMatch(/requires " true "/);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ tier: 'a,b' }), [spaced])[0]).toMatch(/requires "a,b"/);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ tier: 'b' }), [spaced])).toEqual([null]);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ zone: '' }), [spaced])).toEqual([null]);
  });

  it('supports Nova operators', () => {
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ cpu_gen: '>= 4' }), [ssd])).toEqual([null]);
    expect(runFilter('AggregateInstanceExtraSpecsFilter', withSpecs({ cpu_gen: '>= 6' }), [ssd])[0]).toMatch(/requires ">= 6"/);
  });
});

describe('matchExtraSpec (Nova extra_specs_ops)', () => {
  it.each([
    ['true', 'true', true],
    ['true', 'True', false],
    ['4', '= 3', true],
    ['2', '= 3', false],
    ['3', '== 3.0', true],
    ['3', '!= 3', false],
    ['abc', 's== abc', true],
    ['abc', 's!= abc', false],
    ['abc', 's< abd', true],
    ['abc', 's>= abd', false],
    ['sse4 avx2', '<in> avx', true],
    ['sse4 avx2', '<all-in> sse4 avx2', true],
    ['sse4', '<all-in> sse4 avx2', false],
    ['b', '<or> a <or> b <or> c', true],
    ['d', '<or> a <or> b', false],
    ['x', '>= 3', false],
    ['3', '>=', false],
    ['', '', true],
    // docs/placement.md: numbers are decimal (as Python's float() reads them, without inf/nan/underscores); anything
    // else is non-numeric and does not match. JavaScript's Number() would read 0x10 as 16 and "Infinity" as a number.
    ['16', '== 0x10', false],
    ['0x10', '>= 1', false],
    ['0x10', '!= 3', false],
    ['0b11', '== 3', false],
    ['0o17', '>= 1', false],
    ['1_000', '== 1000', false],
    ['Infinity', '>= 1', false],
    ['5', '<= Infinity', false],
    ['NaN', '!= 1', false],
    ['', '>= 0', false],
    ['   ', '<= 0', false],
    ['1000', '== 1e3', true],
    ['1E3', '== 1000', true],
    [' 12 ', '== 12', true],
    ['12\t', '>= 12', true],
    ['-1.5', '<= -1', true],
    ['.5', '== 0.5', true],
    ['5.', '== 5', true],
    ['+2', '== 2', true],
    ['1e400', '>= 1', false],
  ])('value %j against %j → %s', (value, requirement, expected) => {
    expect(matchExtraSpec(value, requirement)).toBe(expected);
  });

  it('never matches a missing value under an operator', () => {
    expect(matchExtraSpec(undefined, '>= 1')).toBe(false);
  });
});

describe('exactValue', () => {
  it('is the requirement itself only when a matching value must equal it exactly', () => {
    expect(exactValue('true')).toBe('true');
    expect(exactValue('')).toBe('');
    expect(exactValue(' true')).toBeNull();
    expect(exactValue('a,b')).toBeNull();
    for (const op of ['= 3', '== 3', 's== abc', '<in> avx', '<or> a <or> b', '<all-in> a b']) expect(exactValue(op)).toBeNull();
  });
});
