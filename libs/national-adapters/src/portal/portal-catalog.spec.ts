import fc from 'fast-check';
import {
  toCatalogAgency,
  toCatalogProcedure,
  wireAgency,
  wireProcedure,
  wireProcedureSummary,
  type WireProcedure,
} from './portal-catalog';

const marriage: WireProcedure = {
  MATTHC: '1.000894',
  TENTTHC: 'Thủ tục đăng ký kết hôn',
  MUCDO: '4',
  LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-TP03', TENLINHVUC: 'Hộ tịch' }],
  CACHTHUCTHUCHIEN: [
    {
      KENH: '2',
      THOIGIAN: [
        {
          THOIGIANGIAIQUYET: '5',
          DONVITINH: 'Ngày làm việc',
          PHILEPHI: [{ SOTIEN: '1.000.000', DONVI: 'Đồng', MOTA: 'Lệ phí' }],
        },
      ],
    },
    { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: 'ngay', DONVITINH: 'Ngày', PHILEPHI: [] }] },
  ],
  THANHPHANHOSO: [
    {
      MATHANHPHAN: 'TP-KH-01',
      TENTHANHPHAN: 'Tờ khai đăng ký kết hôn',
      BATBUOC: '1',
      SOLUONG: '1',
      MAKETQUATHAYTHE: '',
    },
    {
      MATHANHPHAN: 'TP-KH-02',
      TENTHANHPHAN: 'Giấy xác nhận tình trạng hôn nhân',
      BATBUOC: '0',
      SOLUONG: '',
      MAKETQUATHAYTHE: 'KQ-XNHN',
    },
  ],
  KETQUATHUCHIEN: [{ MAKETQUA: 'KQ-GCNKH', TENKETQUA: 'Giấy chứng nhận kết hôn' }],
  CANCUPHAPLY: [{ SOVANBAN: '60/2014/QH13', TENVANBAN: 'Luật Hộ tịch' }],
  COQUANTHUCHIEN: [{ MADONVI: '000.00.01.H26', TENDONVI: 'Sở Tư pháp' }],
};

describe('the portal catalog in hub terms', () => {
  it('maps a procedure: channels, fees, documents and what stands in for them', () => {
    expect(toCatalogProcedure(wireProcedure.parse(marriage))).toEqual({
      code: '1.000894',
      name: 'Thủ tục đăng ký kết hôn',
      fullyOnline: true,
      onlineLevel: '4',
      fields: [{ code: 'G09-TP03', name: 'Hộ tịch' }],
      channels: [
        {
          channel: 'online',
          code: '2',
          timeLimits: [
            {
              amount: 5,
              unit: 'Ngày làm việc',
              fees: [{ amount: 1_000_000, unit: 'Đồng', description: 'Lệ phí' }],
            },
          ],
        },
        // A time limit that is not a number is kept as unknown, not as 0.
        { channel: 'in_person', code: '1', timeLimits: [{ amount: null, unit: 'Ngày', fees: [] }] },
      ],
      documents: [
        {
          code: 'TP-KH-01',
          name: 'Tờ khai đăng ký kết hôn',
          required: true,
          count: 1,
          replacedByResult: null,
        },
        {
          code: 'TP-KH-02',
          name: 'Giấy xác nhận tình trạng hôn nhân',
          required: false,
          count: null,
          replacedByResult: 'KQ-XNHN',
        },
      ],
      results: [{ code: 'KQ-GCNKH', name: 'Giấy chứng nhận kết hôn' }],
      legalBases: [{ number: '60/2014/QH13', title: 'Luật Hộ tịch' }],
      agencies: [{ code: '000.00.01.H26', name: 'Sở Tư pháp' }],
    });
  });

  it('takes numbers for strings and missing lists as empty, as untidy real catalogs send them', () => {
    const parsed = wireProcedure.parse({
      MATTHC: 1.000894,
      TENTTHC: 'Kết hôn',
      CACHTHUCTHUCHIEN: null,
    });
    expect(toCatalogProcedure(parsed)).toMatchObject({
      code: '1.000894',
      fullyOnline: false,
      onlineLevel: '',
      channels: [],
      documents: [],
      results: [],
      agencies: [],
    });
    expect(
      toCatalogAgency(wireAgency.parse({ MADONVI: ' 000.00.01.H26 ', TENDONVI: 'STP' })),
    ).toEqual({ code: '000.00.01.H26', name: 'STP', level: '' });
  });

  it('refuses what the hub depends on when it is missing, naming the field', () => {
    const noCode = wireProcedure.safeParse({ ...marriage, MATTHC: '' });
    expect(noCode.success).toBe(false);
    expect(noCode.error?.issues[0].path).toEqual(['MATTHC']);
    const badResult = wireProcedure.safeParse({
      ...marriage,
      KETQUATHUCHIEN: [{ TENKETQUA: 'x' }],
    });
    expect(badResult.error?.issues[0].path).toEqual(['KETQUATHUCHIEN', 0, 'MAKETQUA']);
    expect(wireAgency.safeParse({ MADONVI: '000.00.01.H26' }).success).toBe(false);
    expect(wireProcedureSummary.safeParse({ TENTTHC: 'no code' }).success).toBe(false);
  });

  it('never throws on whatever JSON the portal sends: it parses or names what is wrong', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            MATTHC: fc.jsonValue(),
            TENTTHC: fc.jsonValue(),
            THANHPHANHOSO: fc.jsonValue(),
          }),
        ),
        (value) => {
          for (const schema of [wireProcedure, wireAgency, wireProcedureSummary]) {
            const parsed = schema.safeParse(value);
            // A refusal always says where: a path into the value (or the root) and a reason.
            if (!parsed.success) expect(parsed.error.issues[0].message).not.toBe('');
          }
          const procedure = wireProcedure.safeParse(value);
          if (!procedure.success) return;
          const mapped = toCatalogProcedure(procedure.data);
          expect(mapped.code).not.toBe('');
          expect(mapped.name).not.toBe('');
          const amounts = mapped.channels.flatMap((c) =>
            c.timeLimits.flatMap((t) => [t.amount, ...t.fees.map((f) => f.amount)]),
          );
          for (const a of amounts)
            expect(a === null || (Number.isSafeInteger(a) && a >= 0)).toBe(true);
          for (const d of mapped.documents) expect(d.replacedByResult).not.toBe('');
        },
      ),
      { numRuns: 500 },
    );
  });
});
