import { withProcedureNames } from './procedure-names';

const catalog = (known: Record<string, string>) => {
  const names = jest.fn((codes: readonly string[]) =>
    Promise.resolve(
      Object.fromEntries(codes.flatMap((c) => (Object.hasOwn(known, c) ? [[c, known[c]]] : []))),
    ),
  );
  return { names };
};

describe('withProcedureNames', () => {
  it('asks the catalog once for the distinct codes and names each row, null when unknown', async () => {
    const fake = catalog({ '1.001193': 'Thủ tục đăng ký khai sinh' });
    const rows = [
      { id: 1, procedureCode: '1.001193' },
      { id: 2, procedureCode: '9.999999' },
      { id: 3, procedureCode: null },
      { id: 4, procedureCode: '1.001193' },
    ];
    expect(await withProcedureNames(fake, rows)).toEqual([
      { id: 1, procedureCode: '1.001193', procedureName: 'Thủ tục đăng ký khai sinh' },
      { id: 2, procedureCode: '9.999999', procedureName: null },
      { id: 3, procedureCode: null, procedureName: null },
      { id: 4, procedureCode: '1.001193', procedureName: 'Thủ tục đăng ký khai sinh' },
    ]);
    expect(fake.names).toHaveBeenCalledTimes(1);
    expect(fake.names).toHaveBeenCalledWith(['1.001193', '9.999999']);
  });

  it('does not take an inherited member of the answer for a name', async () => {
    const [row] = await withProcedureNames(catalog({}), [{ procedureCode: 'constructor' }]);
    expect(row?.procedureName).toBeNull();
  });
});
