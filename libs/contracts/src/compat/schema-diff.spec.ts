import { z } from 'zod';
import { toJsonSchema } from '../catalog/json-schema';
import { type BreakingFor, breakingChanges } from './schema-diff';

/** A small message shaped like the hub's (strict objects, enums, nested arrays, literals). */
const base = () => ({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  sequence: z.number().int().min(1),
  data: z.strictObject({
    caseCode: z.string().regex(/^[0-9A-Z.]+-\d{6}-\d{5}$/),
    status: z.enum(['accepted', 'processing', 'done']),
    initialStatus: z.enum(['registered', 'accepted']).default('accepted'),
    note: z.string().max(2000).optional(),
    amount: z.number().int().min(0),
    documents: z
      .array(z.strictObject({ code: z.string(), url: z.string().optional() }))
      .max(50),
  }),
});
type Shape = ReturnType<typeof base>;
type DataShape = Shape['data']['shape'];

const schemaOf = (shape: Record<string, z.ZodType>) => toJsonSchema(z.strictObject(shape));
const withData = (change: (d: DataShape) => Record<string, z.ZodType>) => {
  const s = base();
  return schemaOf({ ...s, data: z.strictObject(change(s.data.shape)) });
};

interface Case {
  name: string;
  after: () => unknown;
  path?: string;
  breaks?: BreakingFor;
}

const breaking: Case[] = [
  {
    name: 'an optional field removed',
    after: () => withData(({ note: _n, ...d }) => d),
    path: 'data.note',
    breaks: 'replay',
  },
  {
    name: 'a required field removed',
    after: () => withData(({ amount: _a, ...d }) => d),
    path: 'data.amount',
    breaks: 'both',
  },
  {
    name: 'a field renamed',
    after: () => withData(({ note, ...d }) => ({ ...d, remark: note })),
    path: 'data.note',
  },
  {
    name: 'a type changed (integer → string)',
    after: () => withData((d) => ({ ...d, amount: z.string() })),
    path: 'data.amount',
    breaks: 'replay',
  },
  {
    name: 'a type widened (integer → number)',
    after: () => withData((d) => ({ ...d, amount: z.number().min(0) })),
    path: 'data.amount',
    breaks: 'old-consumers',
  },
  {
    name: 'a field made nullable',
    after: () => withData((d) => ({ ...d, note: z.string().max(2000).nullable().optional() })),
    path: 'data.note',
    breaks: 'old-consumers',
  },
  {
    name: 'a union gains a type (string → string | number)',
    after: () => {
      const s = base();
      return schemaOf({ ...s, id: z.union([z.string().min(1).max(200), z.number()]) });
    },
    path: 'id',
  },
  {
    name: 'optional → required',
    after: () => withData((d) => ({ ...d, note: z.string().max(2000) })),
    path: 'data.note',
    breaks: 'replay',
  },
  {
    name: 'required → optional',
    after: () => withData((d) => ({ ...d, amount: z.number().int().min(0).optional() })),
    path: 'data.amount',
    breaks: 'old-consumers',
  },
  {
    name: 'a new required field',
    after: () => withData((d) => ({ ...d, channel: z.enum(['online', 'counter']) })),
    path: 'data.channel',
    breaks: 'replay',
  },
  {
    name: 'an enum value removed',
    after: () => withData((d) => ({ ...d, status: z.enum(['accepted', 'processing']) })),
    path: 'data.status',
    breaks: 'replay',
  },
  {
    name: 'an enum value added',
    after: () =>
      withData((d) => ({ ...d, status: z.enum(['accepted', 'processing', 'done', 'archived']) })),
    path: 'data.status',
    breaks: 'old-consumers',
  },
  {
    name: 'a const changed',
    after: () => schemaOf({ ...base(), specversion: z.literal('2.0') }),
    path: 'specversion',
    breaks: 'both',
  },
  {
    name: 'a default changed',
    after: () =>
      withData((d) => ({ ...d, initialStatus: z.enum(['registered', 'accepted']).default('registered') })),
    path: 'data.initialStatus',
    breaks: 'both',
  },
  {
    name: 'additionalProperties tightened (open → strict)',
    after: () => {
      const s = base();
      return toJsonSchema(z.strictObject({ ...s, data: z.strictObject(s.data.shape) }));
    },
    // compared against an open "before" in the test below
    path: 'data',
    breaks: 'replay',
  },
  {
    name: 'a maximum length tightened',
    after: () => withData((d) => ({ ...d, note: z.string().max(500).optional() })),
    path: 'data.note',
    breaks: 'replay',
  },
  {
    name: 'a maximum length loosened',
    after: () => withData((d) => ({ ...d, note: z.string().max(5000).optional() })),
    path: 'data.note',
    breaks: 'old-consumers',
  },
  {
    name: 'a minimum raised',
    after: () => withData((d) => ({ ...d, amount: z.number().int().min(1) })),
    path: 'data.amount',
    breaks: 'replay',
  },
  {
    name: 'a minimum dropped',
    after: () => withData((d) => ({ ...d, amount: z.number().int() })),
    path: 'data.amount',
    breaks: 'old-consumers',
  },
  {
    name: 'a pattern changed',
    after: () => withData((d) => ({ ...d, caseCode: z.string().regex(/^[0-9A-Z.]+-\d{6}-\d{6}$/) })),
    path: 'data.caseCode',
    breaks: 'both',
  },
  {
    name: 'a format added',
    after: () => withData((d) => ({ ...d, note: z.email().max(2000).optional() })),
    path: 'data.note',
    breaks: 'replay',
  },
  {
    name: 'a field removed inside array items',
    after: () =>
      withData((d) => ({ ...d, documents: z.array(z.strictObject({ code: z.string() })).max(50) })),
    path: 'data.documents[].url',
    breaks: 'replay',
  },
  {
    name: 'an array that may no longer be empty',
    after: () =>
      withData((d) => ({
        ...d,
        documents: z.array(z.strictObject({ code: z.string(), url: z.string().optional() })).min(1).max(50),
      })),
    path: 'data.documents',
    breaks: 'replay',
  },
  {
    name: 'an object alternative added to a union',
    after: () =>
      withData((d) => ({
        ...d,
        note: z.union([z.string().max(2000), z.strictObject({ text: z.string() })]).optional(),
      })),
    path: 'data.note',
  },
  {
    name: 'a field changed from string to object',
    after: () => withData((d) => ({ ...d, note: z.strictObject({ text: z.string() }).optional() })),
    path: 'data.note',
    breaks: 'replay',
  },
  {
    name: 'an optional field added to an object that accepted any field',
    after: () => {
      const s = base();
      return toJsonSchema(z.strictObject({ ...s, data: z.object({ ...s.data.shape, extra: z.string().optional() }) }));
    },
    // compared against an open "before" in the test below
    path: 'data.extra',
    breaks: 'replay',
  },
];

const compatible: { name: string; after: () => unknown }[] = [
  { name: 'no change at all', after: () => schemaOf(base()) },
  {
    name: 'an optional field added',
    after: () => withData((d) => ({ ...d, channel: z.enum(['online', 'counter']).optional() })),
  },
  {
    name: 'an optional field added inside array items',
    after: () =>
      withData((d) => ({
        ...d,
        documents: z
          .array(z.strictObject({ code: z.string(), url: z.string().optional(), sha256: z.string().optional() }))
          .max(50),
      })),
  },
  {
    name: 'an optional object added at the top level',
    after: () =>
      schemaOf({ ...base(), traceparent: z.strictObject({ id: z.string() }).optional() }),
  },
  {
    name: 'descriptions and titles edited',
    after: () =>
      withData((d) => ({
        ...d,
        note: z.string().max(2000).optional().describe('free text for the citizen'),
        status: d.status.meta({ title: 'Status', examples: ['done'] }),
      })),
  },
  {
    name: 'additionalProperties loosened (strict → open)',
    after: () => {
      const s = base();
      return schemaOf({ ...s, data: z.object(s.data.shape) });
    },
  },
];

const openBefore = () => {
  const s = base();
  return toJsonSchema(z.strictObject({ ...s, data: z.object(s.data.shape) }));
};
const OPEN_BEFORE = new Set([
  'additionalProperties tightened (open → strict)',
  'an optional field added to an object that accepted any field',
]);

describe('breakingChanges', () => {
  it.each(breaking.map((c) => [c.name, c] as const))('catches %s', (_name, c) => {
    const before = OPEN_BEFORE.has(c.name) ? openBefore() : schemaOf(base());
    const changes = breakingChanges(before, c.after());
    expect(changes.length).toBeGreaterThan(0);
    if (c.path) expect(changes.map((x) => x.path)).toContain(c.path);
    if (c.breaks) {
      expect(changes.filter((x) => x.path === c.path).map((x) => x.breaks)).toContain(c.breaks);
    }
    for (const change of changes) expect(change.message.length).toBeGreaterThan(10);
  });

  it.each(compatible.map((c) => [c.name, c] as const))('accepts %s', (_name, c) => {
    expect(breakingChanges(schemaOf(base()), c.after())).toEqual([]);
  });

  it('says which readers break, in words', () => {
    const [change] = breakingChanges(
      schemaOf(base()),
      withData((d) => ({ ...d, status: z.enum(['accepted', 'processing', 'done', 'archived']) })),
    );
    expect(change).toEqual({
      path: 'data.status',
      rule: 'enum-value-added',
      breaks: 'old-consumers',
      message: expect.stringContaining('"archived"') as unknown,
    });
  });

  it('treats a keyword it does not model as breaking when it changes', () => {
    const before = { type: 'object', propertyNames: { pattern: '^[a-z]+$' } };
    const after = { type: 'object', propertyNames: { pattern: '^[a-zA-Z]+$' } };
    expect(breakingChanges(before, after)).toEqual([
      expect.objectContaining({ path: '(root)', rule: 'propertyNames-changed', breaks: 'both' }),
    ]);
  });

  it('is checked in both directions: a change and its reverse are both breaking', () => {
    const narrow = withData((d) => ({ ...d, status: z.enum(['accepted', 'processing']) }));
    const wide = schemaOf(base());
    expect(breakingChanges(wide, narrow)[0].breaks).toBe('replay');
    expect(breakingChanges(narrow, wide)[0].breaks).toBe('old-consumers');
  });
});
