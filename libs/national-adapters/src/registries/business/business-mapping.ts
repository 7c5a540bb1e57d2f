import type { EnterpriseRecord } from '../registry-types';
import { ACTIVE_LEGAL_STATUS, type EntCertWire } from './business-wire';

/** GetEntCert item → EnterpriseRecord, once, at the edge. */
export function toEnterpriseRecord(wire: unknown): EnterpriseRecord | { unreadable: string } {
  if (typeof wire !== 'object' || wire === null)
    return { unreadable: 'GetEntCert item is missing' };
  const e = wire as Partial<EntCertWire>;
  const enterpriseCode = text(e.MaSoDoanhNghiep);
  if (!/^\d{10}(-\d{3})?$/.test(enterpriseCode)) {
    return { unreadable: 'MaSoDoanhNghiep is not an enterprise code' };
  }
  const nameVi = text(e.TenTiengViet);
  if (nameVi === '') return { unreadable: 'TenTiengViet is empty' };
  const firstRegisteredOn = isoDate(e.NgayDangKyLanDau);
  if (firstRegisteredOn === undefined || firstRegisteredOn === '') {
    return { unreadable: 'NgayDangKyLanDau is not a date' };
  }
  const lastChangedOn = isoDate(e.NgayDangKyThayDoi);
  if (lastChangedOn === undefined) return { unreadable: 'NgayDangKyThayDoi is not a date' };
  // The registry lists the status history; the last entry is the one in force.
  const statuses = e.TinhTrangPhapLy ?? [];
  const status = statuses[statuses.length - 1];
  const legalStatus = {
    code: text(status?.MaTinhTrangPhapLy),
    name: text(status?.TinhTrangPhapLy),
  };
  if (legalStatus.code === '') return { unreadable: 'TinhTrangPhapLy is missing' };
  const office = e.DiaChiTruSo?.[0]?.DiaChi?.[0];
  const changeCount = Number(text(e.SoLanDangKyThayDoi) || '0');
  const record: EnterpriseRecord = {
    enterpriseCode,
    internalCode: text(e.MaNoiBo),
    certificateNumber: text(e.SoGCNDKKD) || enterpriseCode,
    typeCode: text(e.MaLoaiHinhDN),
    typeName: text(e.LoaiHinhDN),
    nameVi,
    firstRegisteredOn,
    changeCount: Number.isInteger(changeCount) && changeCount >= 0 ? changeCount : 0,
    legalStatus,
    active: legalStatus.code === ACTIVE_LEGAL_STATUS,
    representatives: (e.DaiDienPhapLuat ?? [])
      .flatMap((r) => r.ThongTinCaNhan ?? [])
      .map((p) => ({ fullName: text(p.HoVaTen), idNumber: text(p.SoGiayChungThuc) }))
      .filter((p) => p.fullName !== ''),
    headOffice: {
      provinceCode: text(office?.MaTinhThanh),
      provinceName: text(office?.TenTinhThanh),
      wardCode: text(office?.MaPhuongXa),
      wardName: text(office?.TenPhuongXa),
      address: text(office?.DiaChi),
      ...(text(office?.SoNha) === '' ? {} : { houseNumber: text(office?.SoNha) }),
    },
    businessLines: (e.NganhNgheKinhDoanh ?? [])
      .map((l) => ({
        code: text(l.MaNganh),
        name: text(l.TenNganh),
        main: l.LaNganhChinh === true || text(l.LaNganhChinh) === '1',
      }))
      .filter((l) => l.code !== ''),
  };
  if (text(e.TenNuocNgoai) !== '') record.nameForeign = text(e.TenNuocNgoai);
  if (text(e.TenVietTat) !== '') record.nameShort = text(e.TenVietTat);
  if (lastChangedOn !== '') record.lastChangedOn = lastChangedOn;
  return record;
}

/** dd/MM/yyyy (or yyyy-MM-dd) → YYYY-MM-DD; "" stays ""; anything else → undefined. */
export function isoDate(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === '') return '';
  const vn = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
  const iso = vn ? `${vn[3]}-${vn[2]}-${vn[1]}` : /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  if (iso === undefined) return undefined;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso
    ? iso
    : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
