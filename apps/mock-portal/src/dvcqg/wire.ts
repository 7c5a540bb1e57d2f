/**
 * The DVCQG adapter protocol as the mock speaks it: one `POST /dvcqg/api` endpoint, JSON bodies,
 * every value a string, HTTP 200 for every business answer. Real clients decide from
 * `error_code` (and a success message containing "thành công"), so codes here are the contract
 * the hub's portal adapter is written against; messages are for people.
 */
export const PortalErrorCode = {
  Success: '0',
  LoginFailed: '-1',
  InvalidSession: '-2',
  Validation: '1',
  AlreadyExists: '2',
  NotFound: '3',
  TransitionNotAllowed: '4',
  RejectedByPortal: '5',
  UnknownService: '6',
  TooManyProgressEntries: '7',
} as const;
export type PortalErrorCode = (typeof PortalErrorCode)[keyof typeof PortalErrorCode];

/** Business errors the stats count as "rejected" (the caller sent something the portal refused). */
export type BusinessErrorCode =
  | typeof PortalErrorCode.Validation
  | typeof PortalErrorCode.AlreadyExists
  | typeof PortalErrorCode.NotFound
  | typeof PortalErrorCode.TransitionNotAllowed
  | typeof PortalErrorCode.RejectedByPortal
  | typeof PortalErrorCode.TooManyProgressEntries;

export const PORTAL_SERVICES = [
  'DongBoHoSoMC',
  'CapNhatTienDoHoSoMC',
  'TraCuuHoSo',
  'LayThuTuc',
  'LayDanhSachTTHC',
  'LayDanhMucCoQuan',
] as const;
export type PortalService = (typeof PORTAL_SERVICES)[number];

export function isPortalService(name: string): name is PortalService {
  return (PORTAL_SERVICES as readonly string[]).includes(name);
}

/** Services that change portal state; only their answers are remembered per Idempotency-Key. */
export type WriteService = Extract<PortalService, 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC'>;

/**
 * A reply body. `error_code` is a string everywhere except the successful login, where the real
 * portal answers the number 0 — a quirk clients already cope with, so the mock keeps it.
 */
export interface PortalBody {
  error_code: string | number;
  message: string;
  [field: string]: unknown;
}

export interface PortalReply {
  httpStatus: number;
  headers: Record<string, string>;
  body: PortalBody;
}

export function businessReply(body: PortalBody): PortalReply {
  return { httpStatus: 200, headers: {}, body };
}

export function errorBody(code: PortalErrorCode, message: string): PortalBody {
  return { error_code: code, message };
}

/** The `Trường X không hợp lệ: lý do` phrasing provincial systems already parse and show. */
export function fieldMessage(field: string, reason: string): string {
  return `Trường ${field} không hợp lệ: ${reason}`;
}
