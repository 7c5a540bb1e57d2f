/*
 * The population database's wire format (docs/national-systems.md, "The national population
 * database"). Field names are the registry's; the envelope (path, MucDich, MaLoi/MoTaLoi) is
 * inferred, see apps/mock-population/README.md. Only this folder sees these names.
 */

export const POPULATION_LOOKUP_PATH = '/CongDan/TraCuu';
export const POPULATION_LOOKUP_SERVICE = 'CongDan/TraCuu';

export interface PopulationLookupRequest {
  MaYeuCau: string;
  MaCanBo: string;
  MaDVC: string;
  MucDich: string;
  SoDinhDanh: string;
  HoVaTen?: string;
  NgayThangNam?: string;
  Nam?: string;
}

export interface DiaChiWire {
  MaTinhThanh?: string;
  MaPhuongXa?: string;
  ChiTiet?: string;
  QuocGia?: string;
}

export interface CongDanWire {
  SoDinhDanh: string;
  SoCMND?: string;
  HoVaTen: { Ho?: string; ChuDem?: string; Ten?: string };
  NgayThangNamSinh: { Nam?: string; NgayThangNam?: string };
  GioiTinh?: string;
  DanToc?: string;
  TonGiao?: string;
  TinhTrangHonNhan?: string;
  NhomMau?: string;
  QuocTich?: string;
  NoiDangKyKhaiSinh?: DiaChiWire;
  QueQuan?: DiaChiWire;
  ThuongTru?: DiaChiWire;
  NoiOHienTai?: DiaChiWire;
  Cha?: string;
  Me?: string;
  VoChong?: string;
  ChuHo?: string;
}

export interface PopulationLookupAnswer {
  MaYeuCau?: string;
  MaLoi: string;
  MoTaLoi?: string;
  CongDan?: CongDanWire | null;
}
