import { MetricsRegistry } from '@hub/observability';
import { RegistryStateService } from '../state/registry-state.service';
import { capturingLogger, licenceLookup, testRegistry } from '../test/test-registry.factory';
import { LookupRecorder, stringField } from './lookup-recorder';

const AT = new Date('2026-03-12T08:30:00Z');

function recorder(): {
  recorder: LookupRecorder;
  state: RegistryStateService;
  metrics: MetricsRegistry;
  lines: () => Record<string, unknown>[];
} {
  const options = testRegistry();
  const state = new RegistryStateService(options);
  const metrics = new MetricsRegistry(options.service);
  const { logger, lines } = capturingLogger();
  return {
    recorder: new LookupRecorder(state, logger, () => AT, options, metrics),
    state,
    metrics,
    lines,
  };
}

describe('LookupRecorder', () => {
  it('keeps the caller and the subject as the registry shows it, under its wire names', () => {
    const { recorder: r, state } = recorder();
    r.record(licenceLookup(), 'found');
    expect(state.recent()).toEqual([
      {
        at: AT.toISOString(),
        requestId: 'req-1',
        officialCode: 'CB-0001',
        serviceCode: '1.000001',
        purpose: '000.00.01.H26-260312-00042',
        maskedCode: '10****',
        outcome: 'found',
      },
    ]);
    // Key order is the trail's wire order: caller, subject, outcome.
    expect(Object.keys(state.recent()[0] ?? {})).toEqual([
      'at',
      'requestId',
      'officialCode',
      'serviceCode',
      'purpose',
      'maskedCode',
      'outcome',
    ]);
  });

  it('keeps the subject as given when the registry shows it in clear', () => {
    const options = testRegistry({ subject: { field: 'licenceNo', recordedAs: 'code' } });
    const state = new RegistryStateService(options);
    const r = new LookupRecorder(
      state,
      capturingLogger().logger,
      () => AT,
      options,
      new MetricsRegistry(options.service),
    );
    r.record(licenceLookup({ licenceNo: '100011' }), 'not-found');
    expect(state.recent()[0]).toMatchObject({ code: '100011' });
  });

  it('records what it can of a malformed request', () => {
    const { recorder: r, state } = recorder();
    r.record(licenceLookup({ officer: 7, reason: 'x'.repeat(300) }), 'invalid');
    r.record(null, 'invalid');
    const [partial, empty] = state.recent();
    expect(partial).toMatchObject({ officialCode: '', purpose: 'x'.repeat(256) });
    // The subject still goes through the registry's mask, so nothing slips out unmasked.
    expect(empty).toMatchObject({ requestId: '', maskedCode: '****', outcome: 'invalid' });
  });

  it('counts the outcome on the registry’s metric and logs the lookup, a fault as a warning', async () => {
    const { recorder: r, metrics, lines } = recorder();
    r.record(licenceLookup(), 'found');
    r.record(licenceLookup(), 'faulted');
    const rendered = await metrics.render();
    expect(rendered).toMatch(/hub_mock_licences_lookups_total\{[^}]*outcome="found"[^}]*\} 1/);
    expect(rendered).toMatch(/hub_mock_licences_lookups_total\{[^}]*outcome="faulted"[^}]*\} 1/);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, msg: 'licence lookup', outcome: 'found' }),
      expect.objectContaining({ level: 40, msg: 'licence lookup', outcome: 'faulted' }),
    ]);
    expect(lines()[0]).toMatchObject({ requestId: 'req-1', maskedCode: '10****' });
    expect(lines()[0]).not.toHaveProperty('at');
  });
});

describe('stringField', () => {
  it('reads a string field, cut to 256 characters; anything else is ""', () => {
    expect(stringField({ a: 'x' }, 'a')).toBe('x');
    expect(stringField({ a: 'y'.repeat(300) }, 'a')).toHaveLength(256);
    expect(stringField({ a: 1 }, 'a')).toBe('');
    expect(stringField({}, 'a')).toBe('');
    expect(stringField('a', 'a')).toBe('');
    expect(stringField(null, 'a')).toBe('');
    expect(stringField(undefined, 'a')).toBe('');
  });
});
